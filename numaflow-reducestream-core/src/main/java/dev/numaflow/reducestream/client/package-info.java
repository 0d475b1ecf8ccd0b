/**
 * The client side of the reduce stream socket, written once for every tool that plays the
 * platform's part: the test kit and its emulator, the benchmark's load generator, and
 * this project's own tests. A UDF never needs it.
 */
@NullMarked
package dev.numaflow.reducestream.client;

import org.jspecify.annotations.NullMarked;
