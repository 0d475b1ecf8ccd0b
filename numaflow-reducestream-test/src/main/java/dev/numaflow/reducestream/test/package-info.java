/**
 * The test kit for reduce stream UDFs:
 * {@link dev.numaflow.reducestream.test.ReduceStreamTest} starts the application with the
 * server set up for tests, and a
 * {@link dev.numaflow.reducestream.test.ReduceStreamTester} opens windows, sends datums,
 * closes windows and returns what the streamer sent while each window was open and at its
 * end, for {@link dev.numaflow.reducestream.test.ReduceStreamAssertions}.
 */
@NullMarked
package dev.numaflow.reducestream.test;

import org.jspecify.annotations.NullMarked;
