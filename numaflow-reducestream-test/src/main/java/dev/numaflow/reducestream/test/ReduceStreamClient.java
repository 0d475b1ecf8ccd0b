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
	 * A client over a Unix domain socket through the one socket client of the core
	 * ({@link ReduceStreamChannel}), on the transport {@code auto} picks (epoll, else
	 * kqueue, else NIO).
	 * @param socket the server's socket
	 * @return the client; close it to close the connection
	 */
	public static ReduceStreamClient connect(Path socket) {
		return connect(socket, dev.numaflow.reducestream.transport.Transport.AUTO);
	}

	/**
	 * A client over a Unix domain socket, on a transport of its own choice.
	 * @param socket the server's socket
	 * @param transport how to connect: any reaches a server on any other
	 * @return the client; close it to close the connection
	 * @throws dev.numaflow.reducestream.transport.TransportUnavailableException if the
	 * transport cannot be used here
	 */
	public static ReduceStreamClient connect(Path socket, dev.numaflow.reducestream.transport.Transport transport) {
		return new ReduceStreamClient(ReduceStreamChannel.builder(socket).transport(transport).connect());
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
		return WindowCall.start(ReduceGrpc.newStub(this.channel), window, onResult, true);
	}

	/**
	 * Start the stream of one window whose results go to a listener and are counted, not
	 * kept, as a long run needs ({@link WindowCall#results()} stays empty).
	 * @param window the window
	 * @param onResult called for each result, in arrival order; the next result is read
	 * only after it returns
	 * @return the call
	 */
	public WindowCall stream(IntervalWindow window, Consumer<Result> onResult) {
		return WindowCall.start(ReduceGrpc.newStub(this.channel), window, onResult, false);
	}

	@Override
	public void close() {
		if (this.owned != null) {
			this.owned.close();
		}
	}

}
