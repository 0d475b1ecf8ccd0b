package dev.numaflow.samples.earlyalert;

import java.time.Instant;

/**
 * What the {@code final}-tagged message carries: sent once per sensor and window, when
 * the window closes.
 *
 * @param sensor the sensor
 * @param windowStart the window's start (inclusive)
 * @param windowEnd the window's end (exclusive)
 * @param readings the readings in the window
 * @param hotReadings the readings at or above the limit among them
 * @param malformed the payloads that were not a reading (skipped)
 * @param alerted whether an alert was sent for this window
 */
public record Summary(String sensor, Instant windowStart, Instant windowEnd, int readings, int hotReadings,
		int malformed, boolean alerted) {

}
