/**
 * The benchmark's counter written on the official numaflow-java SDK's reduce streamer
 * API, run as a third server by the benchmark runner ({@code run.sh --with-sdk}).
 */
@NullMarked
package dev.numaflow.reducestream.benchmark.sdk;

import org.jspecify.annotations.NullMarked;
