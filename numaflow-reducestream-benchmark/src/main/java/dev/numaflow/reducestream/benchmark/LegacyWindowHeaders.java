package dev.numaflow.reducestream.benchmark;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * The SDK-only request shape: the call headers {@code x-numaflow-win-start-time} and
 * {@code x-numaflow-win-end-time} (the window's start and end in epoch milliseconds, as
 * decimal strings) on every {@code ReduceFn} stream to the official numaflow-java SDK.
 * <p>
 * Only the Go data plane of Numaflow 1.5 and older sent them; the Rust data plane (the
 * default from 1.6, the only one from 1.7) does not. numaflow-java 0.9.2, the newest on
 * Maven Central, reads its window from them and fails every stream without them, so the
 * runner adds them to the SDK's streams and to no other server's. Every request still
 * carries the window too, and every response is checked by the unchanged
 * {@link CounterCheck}.
 */
final class LegacyWindowHeaders {

	static final String NAME = "legacy window headers";

	private static final Metadata.Key<String> START = Metadata.Key.of("x-numaflow-win-start-time",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Metadata.Key<String> END = Metadata.Key.of("x-numaflow-win-end-time",
			Metadata.ASCII_STRING_MARSHALLER);

	private LegacyWindowHeaders() {
	}

	/** An interceptor that attaches the headers of {@code window} to a call. */
	static ClientInterceptor of(Window window) {
		Metadata headers = new Metadata();
		headers.put(START, Long.toString(millis(window.getStart())));
		headers.put(END, Long.toString(millis(window.getEnd())));
		return MetadataUtils.newAttachHeadersInterceptor(headers);
	}

	private static long millis(com.google.protobuf.Timestamp timestamp) {
		return timestamp.getSeconds() * 1000 + timestamp.getNanos() / 1_000_000;
	}

}
