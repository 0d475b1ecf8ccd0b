/**
 * The sliding-window sample: moving statistics per sensor over 60-second windows that
 * slide every 10 seconds.
 */
@NullMarked
package dev.numaflow.samples.slidingwindow;

import org.jspecify.annotations.NullMarked;
