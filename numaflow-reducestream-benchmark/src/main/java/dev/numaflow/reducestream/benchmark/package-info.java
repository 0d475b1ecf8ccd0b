/**
 * The benchmark: a load generator that speaks the platform's request shape over a Unix
 * domain socket and checks every result of the counter, a bare grpc-java reference
 * server, and the runner that compares the two side by side.
 */
@NullMarked
package dev.numaflow.reducestream.benchmark;

import org.jspecify.annotations.NullMarked;
