package dev.numaflow.reducestream.test;

import java.nio.file.Path;
import java.util.function.Consumer;

import io.grpc.ManagedChannel;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.client.ReduceStreamChannel;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;

/**
 * A gRPC client of any reduce stream server, shaped like the platform's {@code numa}
 * container: one {@code ReduceFn} stream per window on one connection. Used by the test
 * kit and the emulator, and usable on its own (for example against a packaged jar).
 */
public final class ReduceStreamClient implements AutoCloseable {

	private final ManagedChannel channel;

	/** The connection this client opened and closes, if it did. */
	private final @Nullable ReduceStreamChannel owned;

	/**
	 * A client on an existing channel, which stays the caller's to shut down.
	 * @param channel the channel
	 */
	public ReduceStreamClient(ManagedChannel channel) {
		this.channel = channel;
		this.owned = null;
	}

	private ReduceStreamClient(ReduceStreamChannel owned) {
		this.channel = owned.channel();
		this.owned = owned;
	}

	/**
	 * A client over a Unix domain socket (Linux, Netty's epoll transport), through the
	 * one socket client of the core ({@link ReduceStreamChannel}).
	 * @param socket the server's socket
	 * @return the client; close it to close the connection
	 */
	public static ReduceStreamClient connect(Path socket) {
		return new ReduceStreamClient(ReduceStreamChannel.connect(socket));
	}

	/**
	 * Start the stream of one window; nothing is sent until the first datum.
	 * @param window the window
	 * @return the call
	 */
	public WindowCall open(IntervalWindow window) {
		return open(window, (result) -> {
		});
	}

	/**
	 * Start the stream of one window, telling a listener of each result as it arrives.
	 * @param window the window
	 * @param onResult called on a transport thread for each result, in arrival order
	 * @return the call
	 */
	public WindowCall open(IntervalWindow window, Consumer<Result> onResult) {
		return WindowCall.start(ReduceGrpc.newStub(this.channel), window, onResult);
	}

	@Override
	public void close() {
		if (this.owned != null) {
			this.owned.close();
		}
	}

}
