package dev.numaflow.samples.earlyalert;

import java.time.Instant;

/**
 * What the {@code alert}-tagged message carries: sent while the window is still open,
 * once per sensor and window.
 *
 * @param sensor the sensor
 * @param windowStart the window's start (inclusive)
 * @param windowEnd the window's end (exclusive)
 * @param hotReadings the readings at or above the limit so far in the window
 * @param threshold the number of hot readings that triggers the alert
 * @param lastCelsius the reading that crossed it
 */
public record Alert(String sensor, Instant windowStart, Instant windowEnd, int hotReadings, int threshold,
		double lastCelsius) {

}
