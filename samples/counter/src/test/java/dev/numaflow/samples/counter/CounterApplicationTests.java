package dev.numaflow.samples.counter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.test.ReduceStreamTest;
import dev.numaflow.reducestream.test.ReduceStreamTester;
import dev.numaflow.reducestream.test.Result;
import dev.numaflow.reducestream.test.TestDatum;
import dev.numaflow.reducestream.test.Transport;
import dev.numaflow.reducestream.test.WindowResults;
import dev.numaflow.reducestream.test.WindowSession;

import static dev.numaflow.reducestream.test.ReduceStreamAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counter application, in each of its forms, driven by the test kit: in-process, and
 * over its real socket the way the platform does.
 */
class CounterApplicationTests {

	static final Instant START = Instant.parse("2024-01-01T00:01:00Z");

	@Nested
	@ReduceStreamTest(properties = "counter.style=class")
	class ClassForm extends CounterScenarios {

		@Test
		void runsTheCounterStreamerClass(@Autowired ApplicationContext context) {
			assertThat(context.getBeanNamesForType(ReduceStreamer.class)).containsExactly("counterStreamer");
		}

	}

	@Nested
	@ReduceStreamTest(properties = "counter.style=function")
	class FunctionForm extends CounterScenarios {

		@Test
		void runsTheCounterFunction(@Autowired ApplicationContext context) {
			assertThat(context.getBeanNamesForType(ReduceStreamer.class)).containsExactly("counterFunction");
		}

	}

	@Nested
	@ReduceStreamTest(transport = Transport.UNIX_SOCKET, properties = "counter.style=typed")
	class TypedForm {

		static final String EVENT = "{\"id\":42,\"value\":\"0123456789abcdef\"}";

		@Autowired
		ReduceStreamTester tester;

		@Test
		void runsTheTypedCounter(@Autowired ApplicationContext context) {
			assertThat(context.getBeanNamesForType(ReduceStreamer.class)).containsExactly("typedCounterStreamer");
		}

		@Test
		void decodesEachEventAndSendsTheCountsAsJson() {
			try (WindowSession window = this.tester.openWindow(START, Duration.ofMinutes(1))) {
				for (int i = 0; i < 25; i++) {
					window.send("a", EVENT);
				}
				window.send("b", EVENT);
				assertThat(window.resultsSoFar()).extracting(Result::valueAsString).containsExactly("{\"count\":21}");
				assertThat(window.endWindow()).keySet("a")
					.emittedWhileOpen("{\"count\":21}")
					.emittedAtEnd("{\"count\":4}")
					.keySet("b")
					.emittedNothingWhileOpen()
					.emittedAtEnd("{\"count\":1}");
			}
		}

	}

	@Nested
	@ReduceStreamTest(transport = Transport.UNIX_SOCKET, properties = "counter.style=class")
	class OverTheSocket extends CounterScenarios {

		@Test
		void listensOnASocketUnderTheTemporaryDirectory(@Autowired ReduceStreamServer server) {
			assertThat(server.getSocketPath()).startsWith(Path.of(System.getProperty("java.io.tmpdir")));
			assertThat(server.getSocketPath().toString().getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(100);
			assertThat(server.isRunning()).isTrue();
		}

		@Test
		void writesTheServerInfoFileWithTheEndMarker(@Autowired ReduceStreamServer server) throws Exception {
			assertThat(Files.readString(server.getServerInfoPath(), StandardCharsets.UTF_8))
				.startsWith("{\"protocol\":\"uds\",\"language\":\"java\",")
				.containsPattern("\"version\":\"\\d+\\.\\d+\\.\\d+\"")
				.endsWith("}U+005C__END__");
		}

	}

	/** The example of the README's "Testing with the kit", kept honest. */
	@Nested
	@ReduceStreamTest(properties = "counter.threshold=3")
	class ReadmeExample {

		@Autowired
		ReduceStreamTester tester;

		@Test
		void streamsACountEveryFourDatumsAndTheRestAtTheEnd() {
			try (WindowSession window = this.tester.openWindow(Instant.parse("2024-01-01T00:00:00Z"),
					Duration.ofMinutes(1))) {
				for (int i = 0; i < 10; i++) {
					window.send("a", "1");
				}
				window.send(TestDatum.builder()
					.keys("b")
					.value("1")
					.eventTime(Instant.parse("2024-01-01T00:00:30Z"))
					.watermark(Instant.parse("2024-01-01T00:00:20Z"))
					.header("source", "test")
					.build());
				assertThat(window.resultsSoFar()).hasSize(2);
				assertThat(window.endWindow()).keySet("a")
					.emittedWhileOpen("counter:4", "counter:4")
					.emittedAtEnd("counter:2")
					.keySet("b")
					.emittedNothingWhileOpen()
					.emittedAtEnd("counter:1");
			}
		}

	}

	/** What every form and transport must do. */
	abstract static class CounterScenarios {

		@Autowired
		ReduceStreamTester tester;

		@Test
		void countsEachKeySetAndStreamsBeforeTheWindowCloses() {
			try (WindowSession window = this.tester.openWindow(START, Duration.ofMinutes(1))) {
				for (int i = 0; i < 45; i++) {
					window.send("a", "1");
					if (i % 15 == 5) {
						window.send("b", "1");
					}
				}
				assertThat(window.resultsSoFar()).extracting(Result::valueAsString)
					.containsExactly("counter:21", "counter:21");
				WindowResults results = window.endWindow();
				assertThat(results).keySet("a")
					.emittedWhileOpen("counter:21", "counter:21")
					.emittedAtEnd("counter:3")
					.keySet("b")
					.emittedNothingWhileOpen()
					.emittedAtEnd("counter:3");
			}
		}

		@Test
		void keepsSeparateCountsForConcurrentWindows() {
			try (WindowSession first = this.tester.openWindow(START, Duration.ofMinutes(1));
					WindowSession second = this.tester.openWindow(START.plusSeconds(60), Duration.ofMinutes(1))) {
				for (int i = 0; i < 30; i++) {
					if (i < 25) {
						first.send("a", "1");
					}
					second.send("a", "1");
				}
				assertThat(first.endWindow()).keySet("a").emittedWhileOpen("counter:21").emittedAtEnd("counter:4");
				assertThat(second.endWindow()).keySet("a").emittedWhileOpen("counter:21").emittedAtEnd("counter:9");
			}
		}

		@Test
		void sendsTheCountOfAQuietKeySetOnlyAtTheEnd() {
			try (WindowSession window = this.tester.openWindow(START, Duration.ofMinutes(1))) {
				window.send("quiet", "1").send("quiet", "1");
				assertThat(window.endWindow()).emittedNothingWhileOpen()
					.hasResultCount(1)
					.keySet("quiet")
					.emittedAtEnd("counter:2");
			}
		}

	}

}
