package dev.numaflow.reducestream.benchmark;

import com.google.protobuf.ByteString;

import dev.numaflow.reducestream.proto.metadata.KeyValueGroup;
import dev.numaflow.reducestream.proto.metadata.Metadata;

/**
 * The trace context the platform puts in a datum's system metadata when tracing is on
 * (group {@code tracing}, a W3C {@code traceparent}), sampled, one per key set.
 */
final class TraceContexts {

	private TraceContexts() {
	}

	/**
	 * A sampled context for one key set of one window.
	 * @param windowSeconds the window's start, which makes the trace id
	 * @param key the key set's number, which makes the span id
	 */
	static Metadata sampled(long windowSeconds, int key) {
		String traceparent = String.format("00-%016x%016x-%016x-01", windowSeconds + 1, key + 1L, key + 1L);
		return Metadata.newBuilder()
			.putSysMetadata("tracing",
					KeyValueGroup.newBuilder().putKeyValue("traceparent", ByteString.copyFromUtf8(traceparent)).build())
			.build();
	}

}
