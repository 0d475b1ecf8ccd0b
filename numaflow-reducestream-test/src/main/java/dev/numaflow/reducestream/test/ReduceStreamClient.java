package dev.numaflow.reducestream.test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;

/**
 * A gRPC client of any reduce stream server, shaped like the platform's {@code numa}
 * container: one {@code ReduceFn} stream per window on one connection. Used by the test
 * kit and the emulator, and usable on its own (for example against a packaged jar).
 */
public final class ReduceStreamClient implements AutoCloseable {

	private final ManagedChannel channel;

	private final @Nullable EventLoopGroup eventLoop;

	/**
	 * A client on an existing channel, which stays the caller's to shut down.
	 * @param channel the channel
	 */
	public ReduceStreamClient(ManagedChannel channel) {
		this(channel, null);
	}

	private ReduceStreamClient(ManagedChannel channel, @Nullable EventLoopGroup eventLoop) {
		this.channel = channel;
		this.eventLoop = eventLoop;
	}

	/**
	 * A client over a Unix domain socket (Linux, Netty's epoll transport).
	 * @param socket the server's socket
	 * @return the client; close it to close the connection
	 */
	public static ReduceStreamClient connect(Path socket) {
		EventLoopGroup eventLoop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
		ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
			.eventLoopGroup(eventLoop)
			.channelType(EpollDomainSocketChannel.class)
			// A Unix domain socket has no SO_KEEPALIVE, which gRPC sets: null removes it.
			.withOption(ChannelOption.SO_KEEPALIVE, null)
			.maxInboundMessageSize(64 * 1024 * 1024)
			.usePlaintext()
			.build();
		return new ReduceStreamClient(channel, eventLoop);
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
		if (this.eventLoop == null) {
			return;
		}
		this.channel.shutdownNow();
		try {
			this.channel.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
	}

}
