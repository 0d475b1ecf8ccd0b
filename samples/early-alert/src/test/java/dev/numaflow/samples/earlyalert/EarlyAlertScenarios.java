package dev.numaflow.samples.earlyalert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.numaflow.reducestream.test.ReduceStreamAssertions;
import dev.numaflow.reducestream.test.ReduceStreamTester;
import dev.numaflow.reducestream.test.Result;
import dev.numaflow.reducestream.test.WindowResults;
import dev.numaflow.reducestream.test.WindowSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The early-alert streamer driven by the test kit as the platform would drive it, with
 * {@code early-alert.threshold=3} and the default limit of 80 degrees: typed readings in,
 * typed alerts and summaries out; the running summaries' timer driven by the kit's clock
 * ({@code advanceTime}), without waiting. Run in each transport by the subclasses.
 */
abstract class EarlyAlertScenarios {

	static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

	static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

	static final Instant END = START.plus(FIVE_MINUTES);

	/** The default {@code early-alert.summary-interval}. */
	static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(5);

	@Autowired
	ReduceStreamTester tester;

	@Test
	void alertGoesOutWhileTheWindowIsOpenTheMomentHotReadingsReachTheThreshold() {
		try (WindowSession window = this.tester.openWindow(START, FIVE_MINUTES)) {
			window.sendValue("boiler-1", hot(85)).sendValue("boiler-1", normal()).sendValue("boiler-1", hot(90));
			assertThat(window.resultsSoFar()).isEmpty();
			window.sendValue("boiler-1", hot(97.5));
			assertThat(window.resultsSoFar()).singleElement().satisfies((result) -> {
				assertThat(result.valueAsString()).isEqualTo("{\"sensor\":\"boiler-1\",\"windowStart\":\"" + START
						+ "\",\"windowEnd\":\"" + END + "\",\"hotReadings\":3,\"threshold\":3,\"lastCelsius\":97.5}");
				assertThat(result.tags()).containsExactly(EarlyAlertStreamer.ALERT_TAG);
			});
			assertThat(window.resultsSoFar(Alert.class)).containsExactly(alert("boiler-1", 97.5));
			window.endWindow();
		}
	}

	@Test
	void alertsOncePerWindowAndSummarizesTheWindowAtItsEnd() {
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(START, FIVE_MINUTES)) {
			for (int i = 1; i <= 5; i++) {
				window.sendValue("boiler-1", hot(80 + i)).sendValue("boiler-1", normal());
			}
			results = window.endWindow();
		}
		assertThat(results.tagged(EarlyAlertStreamer.ALERT_TAG).whileOpen(Alert.class))
			.containsExactly(alert("boiler-1", 83));
		assertThat(results.tagged(EarlyAlertStreamer.FINAL_TAG).atEnd(Summary.class))
			.containsExactly(summary("boiler-1", 10, 5, 0, true));
		assertThat(results.all()).hasSize(2);
	}

	@Test
	void eachSensorIsCountedOnItsOwn() {
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(START, FIVE_MINUTES)) {
			window.sendValue("boiler-1", hot(81)).sendValue("boiler-2", hot(82)).sendValue("boiler-1", hot(83));
			window.sendValue("boiler-2", hot(84)).sendValue("boiler-1", hot(85));
			results = window.endWindow();
		}
		ReduceStreamAssertions.assertThat(results).hasKeySets(List.of(List.of("boiler-1"), List.of("boiler-2")));
		assertThat(results.whileOpen(Alert.class)).containsExactly(alert("boiler-1", 85));
		assertThat(results.atEnd(Summary.class)).containsExactlyInAnyOrder(summary("boiler-1", 3, 3, 0, true),
				summary("boiler-2", 2, 2, 0, false));
	}

	@Test
	void theNextWindowAlertsAgain() {
		Instant next = END;
		try (WindowSession first = this.tester.openWindow(START, FIVE_MINUTES)) {
			first.sendValue("boiler-1", hot(90)).sendValue("boiler-1", hot(90)).sendValue("boiler-1", hot(90));
			assertThat(first.endWindow().whileOpen(Alert.class)).containsExactly(alert("boiler-1", 90));
		}
		try (WindowSession second = this.tester.openWindow(next, FIVE_MINUTES)) {
			second.sendValue("boiler-1", hot(91)).sendValue("boiler-1", hot(91)).sendValue("boiler-1", hot(91));
			assertThat(second.endWindow().whileOpen(Alert.class))
				.containsExactly(new Alert("boiler-1", next, next.plus(FIVE_MINUTES), 3, 3, 91));
		}
	}

	@Test
	void payloadsThatAreNotReadingsAreCountedAndSkippedWithoutFailingTheWindow() {
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(START, FIVE_MINUTES)) {
			window.send("boiler-1", "not json").send("boiler-1", "null").send("boiler-1", "[1,2]");
			window.sendValue("boiler-1", normal());
			results = window.endWindow();
		}
		assertThat(results.whileOpen()).isEmpty();
		assertThat(results.atEnd(Summary.class)).containsExactly(summary("boiler-1", 1, 0, 3, false));
		assertThat(results.atEnd()).extracting(Result::tags).containsExactly(List.of(EarlyAlertStreamer.FINAL_TAG));
	}

	@Test
	void runningSummaryArrivesWhileTheWindowIsOpenWithoutAnotherDatum() {
		try (WindowSession window = this.tester.openWindow(START, FIVE_MINUTES)) {
			window.sendValue("boiler-1", hot(85)).sendValue("boiler-1", normal()).send("boiler-1", "not json");
			window.advanceTime(SUMMARY_INTERVAL.minusMillis(1));
			assertThat(window.resultsSoFar()).isEmpty();
			window.advanceTime(Duration.ofMillis(1));
			assertThat(window.resultsSoFar()).singleElement().satisfies((result) -> {
				assertThat(result.tags()).containsExactly(EarlyAlertStreamer.SUMMARY_TAG);
				assertThat(result.keys()).containsExactly("boiler-1");
			});
			assertThat(window.resultsSoFar(RunningSummary.class))
				.containsExactly(runningSummary("boiler-1", 2, 1, 1, 85.0, 75.0, false));
			window.endWindow();
		}
	}

	@Test
	void eachIntervalWithNewReadingsGivesASummaryAndAQuietOneGivesNone() {
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(START, FIVE_MINUTES)) {
			window.sendValue("boiler-1", normal());
			window.advanceTime(SUMMARY_INTERVAL);
			window.sendValue("boiler-1", hot(95));
			window.advanceTime(SUMMARY_INTERVAL);
			assertThat(window.resultsSoFar(RunningSummary.class)).containsExactly(
					runningSummary("boiler-1", 1, 0, 0, 65.0, 65.0, false),
					runningSummary("boiler-1", 2, 1, 0, 95.0, 80.0, false));
			// Nothing new: no third summary, however many intervals pass.
			window.advanceTime(SUMMARY_INTERVAL.multipliedBy(3));
			assertThat(window.resultsSoFar()).hasSize(2);
			window.sendValue("boiler-1", hot(90)).sendValue("boiler-1", hot(100));
			window.advanceTime(SUMMARY_INTERVAL);
			results = window.endWindow();
		}
		assertThat(results.tagged(EarlyAlertStreamer.ALERT_TAG).whileOpen(Alert.class))
			.containsExactly(alert("boiler-1", 100));
		assertThat(results.tagged(EarlyAlertStreamer.SUMMARY_TAG).whileOpen(RunningSummary.class)).containsExactly(
				runningSummary("boiler-1", 1, 0, 0, 65.0, 65.0, false),
				runningSummary("boiler-1", 2, 1, 0, 95.0, 80.0, false),
				runningSummary("boiler-1", 4, 3, 0, 100.0, 87.5, true));
		assertThat(results.atEnd(Summary.class)).containsExactly(summary("boiler-1", 4, 3, 0, true));
	}

	@Test
	void eachSensorHasItsOwnRunningSummary() {
		try (WindowSession window = this.tester.openWindow(START, FIVE_MINUTES)) {
			window.sendValue("boiler-1", hot(81)).sendValue("boiler-2", normal());
			window.advanceTime(SUMMARY_INTERVAL);
			assertThat(window.resultsSoFar(RunningSummary.class)).containsExactlyInAnyOrder(
					runningSummary("boiler-1", 1, 1, 0, 81.0, 81.0, false),
					runningSummary("boiler-2", 1, 0, 0, 65.0, 65.0, false));
			window.endWindow();
		}
	}

	@Test
	void noRunningSummaryOnceTheWindowHasClosed() {
		WindowResults closed;
		try (WindowSession window = this.tester.openWindow(START, FIVE_MINUTES)) {
			window.sendValue("boiler-1", hot(85));
			window.advanceTime(SUMMARY_INTERVAL);
			window.sendValue("boiler-1", hot(86));
			closed = window.endWindow();
		}
		// The second reading came after the only summary, so the sensor's timer still had
		// something to report when its window closed.
		this.tester.advanceTime(SUMMARY_INTERVAL.multipliedBy(3));
		Instant next = END;
		try (WindowSession open = this.tester.openWindow(next, FIVE_MINUTES)) {
			open.sendValue("boiler-2", normal());
			this.tester.advanceTime(SUMMARY_INTERVAL);
			assertThat(open.resultsSoFar(RunningSummary.class)).containsExactly(
					new RunningSummary("boiler-2", next, next.plus(FIVE_MINUTES), 1, 0, 0, 65.0, 65.0, false));
			open.endWindow();
		}
		assertThat(closed.tagged(EarlyAlertStreamer.SUMMARY_TAG).values(RunningSummary.class))
			.containsExactly(runningSummary("boiler-1", 1, 1, 0, 85.0, 85.0, false));
		assertThat(closed.atEnd()).extracting(Result::tags).containsExactly(List.of(EarlyAlertStreamer.FINAL_TAG));
		assertThat(this.tester.persistedCriticalErrors()).isEmpty();
	}

	static Reading hot(double celsius) {
		return new Reading("boiler-1", celsius);
	}

	static Reading normal() {
		return new Reading("boiler-1", 65);
	}

	static Alert alert(String sensor, double lastCelsius) {
		return new Alert(sensor, START, END, 3, 3, lastCelsius);
	}

	static RunningSummary runningSummary(String sensor, int readings, int hot, int malformed, double max, double mean,
			boolean alerted) {
		return new RunningSummary(sensor, START, END, readings, hot, malformed, max, mean, alerted);
	}

	static Summary summary(String sensor, int readings, int hot, int malformed, boolean alerted) {
		return new Summary(sensor, START, END, readings, hot, malformed, alerted);
	}

}
