package dev.numaflow.reducestream.tracing;

import java.util.List;

import com.google.protobuf.ByteString;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.proto.metadata.KeyValueGroup;
import dev.numaflow.reducestream.proto.metadata.Metadata;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.server.ReduceClient;

/** Reduce requests whose datums carry W3C trace context, as the platform sends it. */
final class TracedRequests {

	static final Window WINDOW = ReduceClient.window(60_000, 120_000);

	private TracedRequests() {
	}

	/** The trace id of context {@code n}. */
	static String traceId(int n) {
		return String.format("%032x", 0xabc00000L + n);
	}

	/** The span id of context {@code n}. */
	static String spanId(int n) {
		return String.format("%016x", 0xdef00000L + n);
	}

	static String traceparent(int n, boolean sampled) {
		return "00-" + traceId(n) + "-" + spanId(n) + (sampled ? "-01" : "-00");
	}

	/** A datum with its context in the system metadata group {@code tracing}. */
	static ReduceRequest inMetadata(boolean open, String key, String value, String traceparent,
			@Nullable String tracestate) {
		KeyValueGroup.Builder group = KeyValueGroup.newBuilder()
			.putKeyValue("traceparent", ByteString.copyFromUtf8(traceparent));
		if (tracestate != null) {
			group.putKeyValue("tracestate", ByteString.copyFromUtf8(tracestate));
		}
		ReduceRequest base = plain(open, key, value);
		return base.toBuilder()
			.setPayload(base.getPayload()
				.toBuilder()
				.setMetadata(Metadata.newBuilder().putSysMetadata("tracing", group.build())))
			.build();
	}

	/** A datum with its context in a {@code traceparent} header. */
	static ReduceRequest inHeader(boolean open, String key, String value, String traceparent) {
		ReduceRequest base = plain(open, key, value);
		return base.toBuilder()
			.setPayload(base.getPayload().toBuilder().putHeaders("traceparent", traceparent))
			.build();
	}

	static ReduceRequest plain(boolean open, String key, String value) {
		return open ? ReduceClient.open(WINDOW, List.of(key), value) : ReduceClient.append(WINDOW, List.of(key), value);
	}

}
