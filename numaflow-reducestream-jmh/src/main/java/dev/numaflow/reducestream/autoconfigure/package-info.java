/**
 * JMH microbenchmarks, in the runtime's package name so that they reach its
 * package-private classes.
 */
@NullMarked
package dev.numaflow.reducestream.autoconfigure;

import org.jspecify.annotations.NullMarked;
