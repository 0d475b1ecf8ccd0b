/**
 * Auto-configuration of the Numaflow reduce stream server.
 */
@NullMarked
package dev.numaflow.reducestream.autoconfigure;

import org.jspecify.annotations.NullMarked;
