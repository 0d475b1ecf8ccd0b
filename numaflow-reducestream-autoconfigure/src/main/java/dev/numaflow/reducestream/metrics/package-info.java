/**
 * Micrometer meters of the reduce stream server.
 */
@NullMarked
package dev.numaflow.reducestream.metrics;

import org.jspecify.annotations.NullMarked;
