package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.util.List;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;

import dev.numaflow.reducestream.client.ReduceRequests;
import dev.numaflow.reducestream.client.ReduceStreamChannel;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest.WindowOperation.Event;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * The tests' name for the one socket client ({@link ReduceStreamChannel},
 * {@link ReduceRequests}): a real gRPC client of the reduce service over a Unix domain
 * socket, shaped like the platform's.
 */
public final class ReduceClient implements AutoCloseable {

	private final ReduceStreamChannel channel;

	private ReduceClient(ReduceStreamChannel channel) {
		this.channel = channel;
	}

	public static ReduceClient connect(Path socket) {
		return new ReduceClient(ReduceStreamChannel.builder(socket).transport(TestServers.transport()).connect());
	}

	public ManagedChannel channel() {
		return this.channel.channel();
	}

	public ReduceGrpc.ReduceStub async() {
		return this.channel.async();
	}

	public ReduceGrpc.ReduceBlockingStub blocking() {
		return this.channel.blocking();
	}

	/** A window of whole milliseconds, with the Rust platform's slot. */
	public static Window window(long startMillis, long endMillis) {
		return ReduceRequests.window(startMillis, endMillis);
	}

	public static Timestamp timestamp(long millis) {
		return ReduceRequests.timestamp(millis);
	}

	public static ReduceRequest request(Event event, Window window, List<String> keys, String value) {
		return ReduceRequests.request(event, window, keys, value);
	}

	public static ReduceRequest open(Window window, List<String> keys, String value) {
		return ReduceRequests.open(window, keys, value);
	}

	public static ReduceRequest append(Window window, List<String> keys, String value) {
		return ReduceRequests.append(window, keys, value);
	}

	@Override
	public void close() {
		this.channel.close();
	}

}
