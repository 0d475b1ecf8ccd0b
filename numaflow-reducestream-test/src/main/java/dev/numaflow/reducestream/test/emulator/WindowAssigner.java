package dev.numaflow.reducestream.test.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

import dev.numaflow.reducestream.IntervalWindow;

/**
 * Assigns an event time to windows as the platform does: epoch-aligned, whole
 * milliseconds, start inclusive and end exclusive. A fixed window of length {@code L}
 * starts at {@code floor(t / L) * L}; with sliding windows of length {@code L} and slide
 * {@code S}, an event belongs to every window {@code [s, s + L)} with {@code s} a
 * multiple of {@code S} and {@code s <= t < s + L}.
 */
public final class WindowAssigner {

	private final long lengthMillis;

	private final long slideMillis;

	private WindowAssigner(long lengthMillis, long slideMillis) {
		if (lengthMillis <= 0) {
			throw new IllegalArgumentException("The window length must be positive, but is " + lengthMillis + " ms");
		}
		if (slideMillis <= 0 || slideMillis > lengthMillis) {
			throw new IllegalArgumentException("The slide must be positive and at most the window length ("
					+ lengthMillis + " ms), but is " + slideMillis + " ms");
		}
		this.lengthMillis = lengthMillis;
		this.slideMillis = slideMillis;
	}

	/**
	 * Fixed (tumbling) windows.
	 * @param length the window length, whole milliseconds
	 * @return the assigner
	 */
	public static WindowAssigner fixed(Duration length) {
		return new WindowAssigner(length.toMillis(), length.toMillis());
	}

	/**
	 * Sliding windows.
	 * @param length the window length, whole milliseconds
	 * @param slide how far apart window starts are
	 * @return the assigner
	 */
	public static WindowAssigner sliding(Duration length, Duration slide) {
		return new WindowAssigner(length.toMillis(), slide.toMillis());
	}

	/**
	 * Parse {@code fixed:60s} or {@code sliding:60s/10s}.
	 * @param text the specification
	 * @return the assigner
	 * @throws IllegalArgumentException if the text is not one of those forms
	 */
	public static WindowAssigner parse(String text) {
		int colon = text.indexOf(':');
		String kind = (colon < 0) ? text : text.substring(0, colon);
		String rest = (colon < 0) ? "" : text.substring(colon + 1);
		if (kind.equals("fixed") && !rest.isEmpty()) {
			return fixed(duration(rest, text));
		}
		int slash = rest.indexOf('/');
		if (kind.equals("sliding") && slash > 0) {
			return sliding(duration(rest.substring(0, slash), text), duration(rest.substring(slash + 1), text));
		}
		throw new IllegalArgumentException(
				"--window must be fixed:<length> or sliding:<length>/<slide>, like fixed:60s or sliding:60s/10s, not '"
						+ text + "'");
	}

	static Duration duration(String text, @Nullable String context) {
		String trimmed = text.trim();
		if (trimmed.matches("[-+]?\\d+") && !trimmed.matches("[-+]?0+")) {
			// Spring reads a bare number as milliseconds: "fixed:10" would be a 10 ms
			// window.
			throw new IllegalArgumentException("'" + text + "' has no unit: write " + trimmed + "s, " + trimmed + "ms, "
					+ trimmed + "m or " + trimmed + "h" + ((context != null) ? " (in '" + context + "')" : ""));
		}
		try {
			return DurationStyle.detectAndParse(trimmed);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a duration like 500ms, 10s, 5m or 1h"
					+ ((context != null) ? " (in '" + context + "')" : ""));
		}
	}

	/**
	 * The windows an event time belongs to, earliest first.
	 * @param eventTime the event time (truncated to milliseconds)
	 * @return one window when fixed, length/slide windows when sliding
	 */
	public List<IntervalWindow> assign(Instant eventTime) {
		long time = eventTime.toEpochMilli();
		long latestStart = Math.floorDiv(time, this.slideMillis) * this.slideMillis;
		List<IntervalWindow> windows = new ArrayList<>();
		for (long start = latestStart; start > time - this.lengthMillis; start -= this.slideMillis) {
			windows.add(0,
					new IntervalWindow(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + this.lengthMillis)));
		}
		return windows;
	}

	/**
	 * The window length.
	 * @return the length
	 */
	public Duration length() {
		return Duration.ofMillis(this.lengthMillis);
	}

	/**
	 * The slide; equal to the length for fixed windows.
	 * @return the slide
	 */
	public Duration slide() {
		return Duration.ofMillis(this.slideMillis);
	}

	/**
	 * A duration in the largest unit that divides it: {@code 10s}, {@code 5m},
	 * {@code 1500ms}.
	 * @param duration the duration
	 * @return the text
	 */
	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis != 0 && millis % 3_600_000 == 0) {
			return millis / 3_600_000 + "h";
		}
		if (millis != 0 && millis % 60_000 == 0) {
			return millis / 60_000 + "m";
		}
		if (millis % 1000 == 0) {
			return millis / 1000 + "s";
		}
		return millis + "ms";
	}

	@Override
	public String toString() {
		return (this.slideMillis == this.lengthMillis) ? "fixed " + format(length())
				: "sliding " + format(length()) + " every " + format(slide());
	}

}
