package dev.numaflow.samples.slidingwindow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.test.ReduceStreamAssertions;
import dev.numaflow.reducestream.test.ReduceStreamTester;
import dev.numaflow.reducestream.test.WindowResults;
import dev.numaflow.reducestream.test.WindowSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The moving-statistics streamer driven by the test kit over 60 s windows sliding by 10
 * s, as the platform drives it: every reading goes to each window that contains it, on
 * that window's own stream. {@code moving-stats.emit-every=2}.
 */
abstract class MovingStatsScenarios {

	static final Duration LENGTH = Duration.ofSeconds(60);

	static final Duration SLIDE = Duration.ofSeconds(10);

	static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

	@Autowired
	ReduceStreamTester tester;

	@Test
	void everyReadingLandsInSixWindowsAndEachWindowKeepsItsOwnStatistics() {
		Map<IntervalWindow, WindowSession> open = new LinkedHashMap<>();
		int sent = 0;
		sent += sendToEveryWindow(open, "boiler-1", T0.plusSeconds(5), 20.0);
		sent += sendToEveryWindow(open, "boiler-1", T0.plusSeconds(15), 22.0);
		assertThat(sent).as("each reading is sent once per window that contains it").isEqualTo(2 * 6);
		assertThat(open).as("windows opened by two readings 10 s apart").hasSize(7);

		Map<Instant, WindowResults> results = endAll(open);
		Instant first = T0.minus(Duration.ofSeconds(50));
		ReduceStreamAssertions.assertThat(window(results, first))
			.keySet("boiler-1")
			.emittedNothingWhileOpen()
			.emittedAtEnd(stats("boiler-1", first, 1, 20.0, 20.0, 20.0, 0, true));
		for (Instant start = first.plus(SLIDE); start.isBefore(T0.plus(SLIDE)); start = start.plus(SLIDE)) {
			ReduceStreamAssertions.assertThat(window(results, start))
				.keySet("boiler-1")
				.emittedWhileOpen(stats("boiler-1", start, 2, 20.0, 22.0, 21.0, 0, false))
				.emittedAtEnd(stats("boiler-1", start, 2, 20.0, 22.0, 21.0, 0, true));
		}
		Instant last = T0.plus(SLIDE);
		ReduceStreamAssertions.assertThat(window(results, last))
			.keySet("boiler-1")
			.emittedNothingWhileOpen()
			.emittedAtEnd(stats("boiler-1", last, 1, 22.0, 22.0, 22.0, 0, true));
	}

	@Test
	void sensorsInOneWindowAreSeparate() {
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(T0, LENGTH)) {
			window.send("boiler-1", reading("boiler-1", 1.5))
				.send("boiler-2", reading("boiler-2", 10.0))
				.send("boiler-1", reading("boiler-1", 2.5));
			results = window.endWindow();
		}
		ReduceStreamAssertions.assertThat(results)
			.keySet("boiler-1")
			.emittedWhileOpen(stats("boiler-1", T0, 2, 1.5, 2.5, 2.0, 0, false))
			.emittedAtEnd(stats("boiler-1", T0, 2, 1.5, 2.5, 2.0, 0, true))
			.keySet("boiler-2")
			.emittedNothingWhileOpen()
			.emittedAtEnd(stats("boiler-2", T0, 1, 10.0, 10.0, 10.0, 0, true));
	}

	@Test
	void payloadsThatAreNotReadingsAreSkippedWithoutFailingTheWindow() {
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(T0, LENGTH)) {
			window.send("boiler-1", "{\"sensor\":\"boiler-1\"}").send("boiler-1", "garbage");
			results = window.endWindow();
		}
		ReduceStreamAssertions.assertThat(results)
			.keySet("boiler-1")
			.emittedAtEnd("{\"sensor\":\"boiler-1\",\"windowStart\":\"" + T0 + "\",\"windowEnd\":\"" + T0.plus(LENGTH)
					+ "\",\"count\":0,\"min\":null,\"max\":null,\"mean\":null,\"skipped\":2,\"complete\":true}");
	}

	/**
	 * Send a reading the way the platform does with sliding windows: to every window
	 * {@code [s, s + length)} with {@code s} a multiple of the slide and
	 * {@code s <= eventTime < s + length}, opening the window's stream if needed.
	 */
	private int sendToEveryWindow(Map<IntervalWindow, WindowSession> open, String sensor, Instant eventTime,
			double value) {
		long slide = SLIDE.toMillis();
		long newest = Math.floorDiv(eventTime.toEpochMilli(), slide) * slide;
		int windows = 0;
		for (long start = newest; start > eventTime.toEpochMilli() - LENGTH.toMillis(); start -= slide) {
			IntervalWindow window = new IntervalWindow(Instant.ofEpochMilli(start),
					Instant.ofEpochMilli(start).plus(LENGTH));
			open.computeIfAbsent(window, (w) -> this.tester.openWindow(w.start(), w.end()))
				.send(List.of(sensor), reading(sensor, value), eventTime);
			windows++;
		}
		return windows;
	}

	private static Map<Instant, WindowResults> endAll(Map<IntervalWindow, WindowSession> open) {
		Map<Instant, WindowResults> results = new LinkedHashMap<>();
		List<WindowSession> sessions = new ArrayList<>(open.values());
		for (WindowSession session : sessions) {
			try (session) {
				results.put(session.window().start(), session.endWindow());
			}
		}
		return results;
	}

	private static WindowResults window(Map<Instant, WindowResults> results, Instant start) {
		WindowResults window = results.get(start);
		assertThat(window).as("results of the window starting at %s", start).isNotNull();
		return Objects.requireNonNull(window);
	}

	static String reading(String sensor, double value) {
		return "{\"sensor\":\"" + sensor + "\",\"value\":" + value + ",\"unit\":\"C\"}";
	}

	static String stats(String sensor, Instant start, int count, double min, double max, double mean, int skipped,
			boolean complete) {
		return "{\"sensor\":\"" + sensor + "\",\"windowStart\":\"" + start + "\",\"windowEnd\":\"" + start.plus(LENGTH)
				+ "\",\"count\":" + count + ",\"min\":" + min + ",\"max\":" + max + ",\"mean\":" + mean
				+ ",\"skipped\":" + skipped + ",\"complete\":" + complete + "}";
	}

}
