/**
 * The early-alert sample: per sensor and 5-minute window, an {@code alert} as soon as hot
 * readings cross a threshold, a {@code summary} every few seconds while the window is
 * open (a processing-time timer) and a {@code final} summary when the window closes, with
 * typed payloads.
 */
@NullMarked
package dev.numaflow.samples.earlyalert;

import org.jspecify.annotations.NullMarked;
