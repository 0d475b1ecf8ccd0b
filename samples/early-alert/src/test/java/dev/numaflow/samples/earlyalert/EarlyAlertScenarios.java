package dev.numaflow.samples.earlyalert;

import java.time.Duration;
import java.time.Instant;

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
 * {@code early-alert.error-threshold=3}. Run in each transport by the subclasses.
 */
abstract class EarlyAlertScenarios {

	static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

	static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

	static final String INFO = "{\"service\":\"checkout\",\"level\":\"INFO\",\"message\":\"order placed\"}";

	@Autowired
	ReduceStreamTester tester;

	@Test
	void alertGoesOutWhileTheWindowIsOpenTheMomentErrorsReachTheThreshold() {
		try (WindowSession window = this.tester.openWindow(START, FIVE_MINUTES)) {
			window.send("checkout", error("timeout")).send("checkout", INFO).send("checkout", error("timeout"));
			assertThat(window.resultsSoFar()).isEmpty();
			window.send("checkout", error("db down"));
			assertThat(window.resultsSoFar()).singleElement().satisfies((result) -> {
				assertThat(result.valueAsString()).isEqualTo(alert(START, 3, "db down"));
				assertThat(result.tags()).containsExactly(EarlyAlertStreamer.ALERT_TAG);
			});
			window.endWindow();
		}
	}

	@Test
	void alertsOncePerWindowAndSummarizesTheWindowAtItsEnd() {
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(START, FIVE_MINUTES)) {
			for (int i = 1; i <= 5; i++) {
				window.send("checkout", error("failure " + i)).send("checkout", INFO);
			}
			results = window.endWindow();
		}
		ReduceStreamAssertions.assertThat(results)
			.keySet("checkout")
			.emittedWhileOpen(alert(START, 3, "failure 3"))
			.hasTags(EarlyAlertStreamer.ALERT_TAG)
			.emittedAtEnd(summary("checkout", START, 10, 5, 0, true))
			.hasTags(EarlyAlertStreamer.FINAL_TAG);
	}

	@Test
	void eachServiceIsCountedOnItsOwn() {
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(START, FIVE_MINUTES)) {
			window.send("checkout", error("a")).send("payments", error("b")).send("checkout", error("c"));
			window.send("payments", error("d")).send("checkout", error("e"));
			results = window.endWindow();
		}
		ReduceStreamAssertions.assertThat(results)
			.keySet("checkout")
			.emittedWhileOpen(alert(START, 3, "e"))
			.emittedAtEnd(summary("checkout", START, 3, 3, 0, true))
			.keySet("payments")
			.emittedNothingWhileOpen()
			.emittedAtEnd(summary("payments", START, 2, 2, 0, false))
			.hasTags(EarlyAlertStreamer.FINAL_TAG);
	}

	@Test
	void theNextWindowAlertsAgain() {
		Instant next = START.plus(FIVE_MINUTES);
		try (WindowSession first = this.tester.openWindow(START, FIVE_MINUTES)) {
			first.send("checkout", error("x")).send("checkout", error("x")).send("checkout", error("x"));
			assertThat(first.endWindow().whileOpen()).extracting(Result::valueAsString)
				.containsExactly(alert(START, 3, "x"));
		}
		try (WindowSession second = this.tester.openWindow(next, FIVE_MINUTES)) {
			second.send("checkout", error("y")).send("checkout", error("y")).send("checkout", error("y"));
			assertThat(second.endWindow().whileOpen()).extracting(Result::valueAsString)
				.containsExactly(alert(next, 3, "y"));
		}
	}

	@Test
	void payloadsThatAreNotLogEventsAreCountedAndSkippedWithoutFailingTheWindow() {
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(START, FIVE_MINUTES)) {
			window.send("checkout", "not json").send("checkout", "null").send("checkout", "[1,2]");
			window.send("checkout", INFO);
			results = window.endWindow();
		}
		ReduceStreamAssertions.assertThat(results)
			.keySet("checkout")
			.emittedNothingWhileOpen()
			.emittedAtEnd(summary("checkout", START, 1, 0, 3, false));
	}

	static String error(String message) {
		return "{\"service\":\"checkout\",\"level\":\"ERROR\",\"message\":\"" + message + "\",\"host\":\"pod-7\"}";
	}

	static String alert(Instant start, int errors, String lastError) {
		return "{\"service\":\"checkout\",\"windowStart\":\"" + start + "\",\"windowEnd\":\"" + start.plus(FIVE_MINUTES)
				+ "\",\"errors\":" + errors + ",\"threshold\":3,\"lastError\":\"" + lastError + "\"}";
	}

	static String summary(String service, Instant start, int events, int errors, int malformed, boolean alerted) {
		return "{\"service\":\"" + service + "\",\"windowStart\":\"" + start + "\",\"windowEnd\":\""
				+ start.plus(FIVE_MINUTES) + "\",\"events\":" + events + ",\"errors\":" + errors + ",\"malformed\":"
				+ malformed + ",\"alerted\":" + alerted + "}";
	}

}
