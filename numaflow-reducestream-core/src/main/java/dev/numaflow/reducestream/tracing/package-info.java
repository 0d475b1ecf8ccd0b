/**
 * Tracing of the key sets on Micrometer Tracing
 * ({@link dev.numaflow.reducestream.tracing.MicrometerReduceStreamTracing}, when
 * Micrometer Tracing is on the class path): one span per (window, key set), current
 * during the calls into its streamer, linked to its datums' trace contexts through
 * OpenTelemetry when the OpenTelemetry bridge is there.
 */
@NullMarked
package dev.numaflow.reducestream.tracing;

import org.jspecify.annotations.NullMarked;
