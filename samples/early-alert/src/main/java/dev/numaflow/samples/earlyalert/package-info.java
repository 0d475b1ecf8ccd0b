/**
 * The early-alert sample: per service and 5-minute window, an {@code alert} as soon as
 * errors cross a threshold and a {@code final} summary when the window closes.
 */
@NullMarked
package dev.numaflow.samples.earlyalert;

import org.jspecify.annotations.NullMarked;
