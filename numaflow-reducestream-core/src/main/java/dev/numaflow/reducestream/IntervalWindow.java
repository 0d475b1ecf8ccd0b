package dev.numaflow.reducestream;

import java.time.Instant;

/**
 * A time window: {@code start} inclusive, {@code end} exclusive, both whole milliseconds
 * on the platform.
 *
 * @param start the first instant of the window
 * @param end the first instant after the window
 */
public record IntervalWindow(Instant start, Instant end) {

	/**
	 * Creates an instance.
	 * @param start the first instant of the window
	 * @param end the first instant after the window
	 */
	public IntervalWindow {
		if (end.isBefore(start)) {
			throw new IllegalArgumentException("Window end " + end + " is before its start " + start);
		}
	}

}
