package dev.numaflow.samples.counter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.server.ReduceStreamServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counter application, in each of its forms, talked to over its real socket the way
 * the platform does.
 */
class CounterApplicationTests {

	/** Short enough for a socket path (at most 107 bytes on Linux). */
	@TempDir
	static Path directory;

	static void listenUnder(DynamicPropertyRegistry registry, String style) {
		registry.add("numaflow.reducestream.socket-path", () -> directory.resolve(style + ".sock").toString());
		registry.add("numaflow.reducestream.server-info-path",
				() -> directory.resolve(style + "-server-info").toString());
	}

	@Nested
	@SpringBootTest(properties = "counter.style=class")
	@DirtiesContext
	class ClassForm extends CounterScenarios {

		@DynamicPropertySource
		static void socket(DynamicPropertyRegistry registry) {
			listenUnder(registry, "class");
		}

		@Test
		void runsTheCounterStreamerClass(@Autowired ApplicationContext context) {
			assertThat(context.getBeanNamesForType(ReduceStreamer.class)).containsExactly("counterStreamer");
		}

	}

	@Nested
	@SpringBootTest(properties = "counter.style=function")
	@DirtiesContext
	class FunctionForm extends CounterScenarios {

		@DynamicPropertySource
		static void socket(DynamicPropertyRegistry registry) {
			listenUnder(registry, "function");
		}

		@Test
		void runsTheCounterFunction(@Autowired ApplicationContext context) {
			assertThat(context.getBeanNamesForType(ReduceStreamer.class)).containsExactly("counterFunction");
		}

	}

	/** What both forms must do. */
	abstract static class CounterScenarios {

		@Autowired
		ReduceStreamServer server;

		@Test
		void listensOnTheConfiguredSocketUnderTheTemporaryDirectory() {
			assertThat(this.server.getSocketPath()).startsWith(directory);
			assertThat(this.server.getSocketPath().toString().getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(100);
			assertThat(this.server.isRunning()).isTrue();
		}

		@Test
		void countsEachKeySetAndStreamsBeforeTheWindowCloses() throws Exception {
			CounterExchange.countsEachKeySetAndStreamsBeforeTheWindowCloses(this.server.getSocketPath());
		}

		@Test
		void keepsSeparateCountsForConcurrentWindows() throws Exception {
			CounterExchange.keepsSeparateCountsForConcurrentWindows(this.server.getSocketPath());
		}

		@Test
		void writesTheServerInfoFileWithTheEndMarker() throws Exception {
			CounterExchange.serverInfoFileEndsWithTheEndMarker(this.server.getServerInfoPath());
		}

	}

}
