/**
 * Critical errors persisted where the platform's UI reads them (the vertex's Errors tab),
 * without Spring.
 */
@NullMarked
package dev.numaflow.reducestream.errors;

import org.jspecify.annotations.NullMarked;
