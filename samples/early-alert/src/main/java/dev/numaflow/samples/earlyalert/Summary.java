package dev.numaflow.samples.earlyalert;

import java.time.Instant;

/**
 * What the {@code final}-tagged message carries: sent once per service and window, when
 * the window closes.
 *
 * @param service the service
 * @param windowStart the window's start (inclusive)
 * @param windowEnd the window's end (exclusive)
 * @param events the log events in the window
 * @param errors the errors among them
 * @param malformed the payloads that were not a log event (skipped)
 * @param alerted whether an alert was sent for this window
 */
public record Summary(String service, Instant windowStart, Instant windowEnd, int events, int errors, int malformed,
		boolean alerted) {

}
