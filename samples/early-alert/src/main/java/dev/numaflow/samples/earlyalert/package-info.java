/**
 * The early-alert sample: per sensor and 5-minute window, an {@code alert} as soon as hot
 * readings cross a threshold and a {@code final} summary when the window closes, with
 * typed payloads.
 */
@NullMarked
package dev.numaflow.samples.earlyalert;

import org.jspecify.annotations.NullMarked;
