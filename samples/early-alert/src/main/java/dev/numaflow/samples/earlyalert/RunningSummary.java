package dev.numaflow.samples.earlyalert;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the {@code summary}-tagged message carries: the sensor's window so far, sent every
 * {@code early-alert.summary-interval} while the window is open, but only if something
 * arrived since the previous one.
 *
 * @param sensor the sensor
 * @param windowStart the window's start (inclusive)
 * @param windowEnd the window's end (exclusive)
 * @param readings the readings so far
 * @param hotReadings the readings at or above the limit among them
 * @param malformed the payloads so far that were not a reading (skipped)
 * @param maxCelsius the highest reading so far, {@code null} if there is none yet
 * @param meanCelsius the mean of the readings so far, {@code null} if there is none yet
 * @param alerted whether the alert for this window has been sent (at most one per window)
 */
public record RunningSummary(String sensor, Instant windowStart, Instant windowEnd, int readings, int hotReadings,
		int malformed, @Nullable Double maxCelsius, @Nullable Double meanCelsius, boolean alerted) {

}
