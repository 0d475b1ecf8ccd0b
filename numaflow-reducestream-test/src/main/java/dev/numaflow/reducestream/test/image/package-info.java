/**
 * The image's start-up recipe (Spring AOT mode and a JVM archive trained on the
 * application's traffic) run by a test, without Docker.
 */
@NullMarked
package dev.numaflow.reducestream.test.image;

import org.jspecify.annotations.NullMarked;
