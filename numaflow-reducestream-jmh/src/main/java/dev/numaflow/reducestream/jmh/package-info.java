/**
 * JMH microbenchmarks of the per-datum meters.
 */
@NullMarked
package dev.numaflow.reducestream.jmh;

import org.jspecify.annotations.NullMarked;
