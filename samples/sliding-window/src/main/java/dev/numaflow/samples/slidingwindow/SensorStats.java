package dev.numaflow.samples.slidingwindow;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The statistics of one sensor in one window, sent while the window is open (running,
 * {@code complete} false) and when it closes ({@code complete} true).
 *
 * @param sensor the sensor
 * @param windowStart the window's start (inclusive)
 * @param windowEnd the window's end (exclusive)
 * @param count the readings so far
 * @param min the smallest value, {@code null} without readings
 * @param max the largest value, {@code null} without readings
 * @param mean the mean value, {@code null} without readings
 * @param skipped payloads that were not a reading
 * @param complete whether the window has closed
 */
public record SensorStats(String sensor, Instant windowStart, Instant windowEnd, long count, @Nullable Double min,
		@Nullable Double max, @Nullable Double mean, long skipped, boolean complete) {

}
