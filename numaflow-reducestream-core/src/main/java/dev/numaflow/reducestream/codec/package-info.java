/**
 * Typed payloads: the {@link dev.numaflow.reducestream.codec.PayloadCodec} that turns a
 * datum's bytes into a value and a result's value into bytes, its JSON implementation on
 * Jackson ({@link dev.numaflow.reducestream.codec.JsonPayloadCodec}, when Jackson is on
 * the class path), and the exceptions that name what did not decode or encode.
 */
@NullMarked
package dev.numaflow.reducestream.codec;

import org.jspecify.annotations.NullMarked;
