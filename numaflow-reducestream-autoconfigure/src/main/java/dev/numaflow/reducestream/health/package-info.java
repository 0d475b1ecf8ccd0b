/**
 * Actuator health of the reduce stream server.
 */
@NullMarked
package dev.numaflow.reducestream.health;

import org.jspecify.annotations.NullMarked;
