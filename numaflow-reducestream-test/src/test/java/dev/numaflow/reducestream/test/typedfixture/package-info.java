/**
 * A reduce stream application with typed payloads, for the kit's typed API.
 */
@NullMarked
package dev.numaflow.reducestream.test.typedfixture;

import org.jspecify.annotations.NullMarked;
