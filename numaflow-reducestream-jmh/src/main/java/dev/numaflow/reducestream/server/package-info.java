/**
 * JMH microbenchmarks, in the runtime's package name so that they reach its
 * package-private classes.
 */
@NullMarked
package dev.numaflow.reducestream.server;

import org.jspecify.annotations.NullMarked;
