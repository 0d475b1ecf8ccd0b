package dev.numaflow.reducestream.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.numaflow.reducestream.test.fixture.KitTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the kit does in either transport, against the fixture application.
 */
abstract class KitScenarios {

	static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

	@Autowired
	ReduceStreamTester tester;

	abstract Transport expectedTransport();

	@Test
	void usesTheTransportOfTheAnnotation() {
		assertThat(this.tester.transport()).isEqualTo(expectedTransport());
	}

	@Test
	void separatesResultsSentWhileOpenFromThoseSentAtTheEnd() {
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(START, Duration.ofMinutes(1))) {
			for (int i = 0; i < 7; i++) {
				window.send("a", "x");
			}
			results = window.endWindow();
		}
		ReduceStreamAssertions.assertThat(results)
			.keySet("a")
			.emittedWhileOpen("count:3", "count:6")
			.hasTags("running")
			.emittedAtEnd("total:7")
			.hasTags("final");
		assertThat(results.whileOpen()).extracting(Result::phase).containsOnly(Phase.WHILE_OPEN);
	}

	@Test
	void advanceTimeFiresEachTimerAsItFallsDueWithNoDatumArriving() {
		try (WindowSession window = this.tester.openWindow(START, Duration.ofMinutes(1))) {
			window.send("a", "every:5");
			assertThat(window.advanceTime(Duration.ofSeconds(4)).resultsSoFar()).isEmpty();
			assertThat(window.advanceTime(Duration.ofSeconds(8)).resultsSoFar()).extracting(Result::valueAsString)
				.containsExactly("tick:1", "tick:2");
			this.tester.advanceTime(Duration.ofSeconds(3));
			WindowResults results = window.endWindow();
			ReduceStreamAssertions.assertThat(results)
				.keySet("a")
				.emittedWhileOpen("tick:1", "tick:2", "tick:3")
				.emittedAtEnd("total:0");
		}
	}

	@Test
	void advanceTimeRefusesToGoBack() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.tester.advanceTime(Duration.ofSeconds(-1)))
			.withMessageContaining("PT-1S");
	}

	@Test
	void resultsSoFarHoldsExactlyWhatWasProducedWhileOpen() {
		try (WindowSession window = this.tester.openWindow(START, Duration.ofMinutes(1))) {
			window.send("a", "x").send("a", "x").send("a", "x");
			assertThat(window.resultsSoFar()).extracting(Result::valueAsString).containsExactly("count:3");
			window.send("a", "x");
			assertThat(window.resultsSoFar()).extracting(Result::valueAsString).containsExactly("count:3");
			window.send("a", "x").send("a", "x");
			assertThat(window.resultsSoFar()).extracting(Result::valueAsString).containsExactly("count:3", "count:6");
			WindowResults results = window.endWindow();
			assertThat(results.atEnd()).extracting(Result::valueAsString).containsExactly("total:6");
		}
	}

	@Test
	void keepsTheOrderOfEachKeySetAndSeparatesKeySets() {
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(START, Duration.ofMinutes(1))) {
			for (int i = 0; i < 6; i++) {
				window.send("a", "x");
				window.send(List.of("b", "c"), "x", START.plusSeconds(i));
			}
			window.send("a", "x");
			results = window.endWindow();
		}
		ReduceStreamAssertions.assertThat(results)
			.hasKeySets(List.of(List.of("a"), List.of("b", "c")))
			.keySet("a")
			.emittedWhileOpen("count:3", "count:6")
			.emittedAtEnd("total:7")
			.keySet("b", "c")
			.emitted("count:3", "count:6", "total:6")
			.and()
			.hasNoResultsFor("b");
	}

	@Test
	void deliversEventTimeWatermarkHeadersAndWindowToTheStreamer() {
		Instant eventTime = START.plusMillis(1500);
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(START, START.plusSeconds(60))) {
			window.send(TestDatum.builder()
				.keys("a")
				.value("probe")
				.eventTime(eventTime)
				.watermark(START.plusSeconds(1))
				.header("h1", "v1")
				.header("h2", "v2")
				.build());
			window.watermark(START.plusSeconds(2)).send(TestDatum.of(List.of("b"), "probe"));
			results = window.endWindow();
		}
		ReduceStreamAssertions.assertThat(results)
			.keySet("a")
			.emittedWhileOpen("probe:eventTime=2024-01-01T00:00:01.500Z;watermark=2024-01-01T00:00:01Z;headers={h1=v1,"
					+ " h2=v2};window=2024-01-01T00:00:00Z/2024-01-01T00:01:00Z")
			.keySet("b")
			.emittedWhileOpen("probe:eventTime=2024-01-01T00:00:00Z;watermark=2024-01-01T00:00:02Z;headers={};"
					+ "window=2024-01-01T00:00:00Z/2024-01-01T00:01:00Z");
	}

	@Test
	void aDatumCarriesItsTraceContextInTheTracingMetadataAsThePlatformSendsIt() {
		String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(START, START.plusSeconds(60))) {
			window.send(TestDatum.builder().keys("a").value("trace").traceContext(traceparent, "vendor=1").build());
			window.send(TestDatum.builder().keys("b").value("trace").traceContext(traceparent).build());
			window.send(TestDatum.of(List.of("c"), "trace"));
			results = window.endWindow();
		}
		ReduceStreamAssertions.assertThat(results)
			.keySet("a")
			.emittedWhileOpen("trace:" + traceparent + ";vendor=1")
			.keySet("b")
			.emittedWhileOpen("trace:" + traceparent + ";none")
			.keySet("c")
			.emittedWhileOpen("trace:none;none");
	}

	@Test
	void keepsConcurrentWindowsApart() {
		try (WindowSession first = this.tester.openWindow(START, Duration.ofMinutes(1));
				WindowSession second = this.tester.openWindow(START.plusSeconds(60), Duration.ofMinutes(1))) {
			first.send("a", "x").send("a", "x");
			second.send("a", "x");
			ReduceStreamAssertions.assertThat(second.endWindow()).keySet("a").emitted("total:1");
			ReduceStreamAssertions.assertThat(first.endWindow()).keySet("a").emitted("total:2");
		}
	}

	@Test
	void refusesASecondSessionForAnOpenWindow() {
		try (WindowSession window = this.tester.openWindow(START, Duration.ofMinutes(1))) {
			assertThatIllegalStateException().isThrownBy(() -> this.tester.openWindow(START, Duration.ofMinutes(1)))
				.withMessageContaining("already open");
			window.send("a", "x");
		}
		try (WindowSession again = this.tester.openWindow(START, Duration.ofMinutes(1))) {
			ReduceStreamAssertions.assertThat(again.send("a", "x").endWindow()).keySet("a").emitted("total:1");
		}
	}

	@Test
	void reportsAFailingStreamerWithTheServersError() {
		try (WindowSession window = this.tester.openWindow(START, Duration.ofMinutes(1))) {
			window.send("a", "x").send("a", "boom");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(window::endWindow)
				.withMessageContaining("window [2024-01-01T00:00:00Z, 2024-01-01T00:01:00Z)")
				.withMessageContaining("INTERNAL")
				.withMessageContaining("UDF_EXECUTION_ERROR")
				.withMessageContaining("boom in [a]")
				.withMessageContaining("the streamer threw in onDatum of key set [a]")
				.havingCause()
				.isInstanceOf(IllegalStateException.class)
				.withMessage("boom in [a]")
				.satisfies((cause) -> assertThat(cause.getStackTrace()[0].getClassName())
					.startsWith(KitTestApplication.class.getName()));
		}
	}

	@Test
	void anEmptyWindowEndsWithNoResults() {
		try (WindowSession window = this.tester.openWindow(START, Duration.ofMinutes(1))) {
			WindowResults results = window.endWindow();
			assertThat(results.all()).isEmpty();
			ReduceStreamAssertions.assertThat(results).emittedNothingWhileOpen().hasResultCount(0);
		}
	}

}
