/**
 * Tests of the emulator.
 */
@NullMarked
package dev.numaflow.reducestream.test.emulator;

import org.jspecify.annotations.NullMarked;
