/**
 * The user API of a Numaflow Reduce Stream function: implement
 * {@link dev.numaflow.reducestream.ReduceStreamer} and mark it with
 * {@link dev.numaflow.reducestream.ReduceStreamerBean}. No gRPC or protobuf types appear
 * here.
 */
@NullMarked
package dev.numaflow.reducestream;

import org.jspecify.annotations.NullMarked;
