/**
 * A local emulator of the Numaflow platform's reduce stream client: it reads events as
 * JSON lines, assigns them to fixed or sliding windows as the platform does, streams each
 * window to any reduce stream server over its Unix domain socket, and closes windows as
 * the watermark passes their end.
 */
@NullMarked
package dev.numaflow.reducestream.test.emulator;

import org.jspecify.annotations.NullMarked;
