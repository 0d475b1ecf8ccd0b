package dev.numaflow.samples.earlyalert;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the {@code alert}-tagged message carries: sent while the window is still open,
 * once per service and window.
 *
 * @param service the service
 * @param windowStart the window's start (inclusive)
 * @param windowEnd the window's end (exclusive)
 * @param errors the errors counted so far in the window
 * @param threshold the threshold that was crossed
 * @param lastError the message of the error that crossed it
 */
public record Alert(String service, Instant windowStart, Instant windowEnd, int errors, int threshold,
		@Nullable String lastError) {

}
