package dev.numaflow.reducestream.client;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;
import dev.numaflow.reducestream.transport.Transport;
import dev.numaflow.reducestream.transport.UnixSocketTransport;

/**
 * A gRPC channel to a reduce stream server's Unix domain socket, as the platform's
 * {@code numa} container opens it: one connection, on an event loop of its own that
 * closes with the channel, through the {@link Transport} the builder names (by default
 * epoll, else kqueue, else NIO).
 */
public final class ReduceStreamChannel implements AutoCloseable {

	/** The largest response accepted unless a builder says otherwise. */
	public static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 64 * 1024 * 1024;

	private final EventLoopGroup eventLoop;

	private final ManagedChannel channel;

	private final Transport transport;

	private ReduceStreamChannel(EventLoopGroup eventLoop, ManagedChannel channel, Transport transport) {
		this.eventLoop = eventLoop;
		this.channel = channel;
		this.transport = transport;
	}

	/**
	 * A channel to the socket with the defaults.
	 * @param socket the server's socket
	 * @return the channel; close it to close the connection
	 */
	public static ReduceStreamChannel connect(Path socket) {
		return builder(socket).connect();
	}

	/**
	 * A builder of a channel to the socket.
	 * @param socket the server's socket
	 * @return the builder
	 */
	public static Builder builder(Path socket) {
		return new Builder(socket);
	}

	/**
	 * The gRPC channel.
	 * @return the channel
	 */
	public ManagedChannel channel() {
		return this.channel;
	}

	/**
	 * The transport the channel connects through, never {@link Transport#AUTO}.
	 * @return the transport
	 */
	public Transport transport() {
		return this.transport;
	}

	/**
	 * An asynchronous stub of the reduce service on this channel.
	 * @return the stub
	 */
	public ReduceGrpc.ReduceStub async() {
		return ReduceGrpc.newStub(this.channel);
	}

	/**
	 * A blocking stub of the reduce service on this channel.
	 * @return the stub
	 */
	public ReduceGrpc.ReduceBlockingStub blocking() {
		return ReduceGrpc.newBlockingStub(this.channel);
	}

	/** Close the connection now (calls in flight are cancelled) and its event loop. */
	@Override
	public void close() {
		this.channel.shutdownNow();
		try {
			this.channel.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
	}

	/** How to open a {@link ReduceStreamChannel}. */
	public static final class Builder {

		private final Path socket;

		private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;

		private boolean directExecutor;

		private Transport transport = Transport.AUTO;

		private Builder(Path socket) {
			this.socket = socket;
		}

		/**
		 * The largest response accepted.
		 * @param bytes the limit
		 * @return this builder
		 */
		public Builder maxInboundMessageSize(int bytes) {
			this.maxInboundMessageSize = bytes;
			return this;
		}

		/**
		 * Run response callbacks on the transport thread, as the platform's client does:
		 * cheaper, but a callback that blocks stalls the connection.
		 * @return this builder
		 */
		public Builder directExecutor() {
			this.directExecutor = true;
			return this;
		}

		/**
		 * The transport to connect through; by default {@link Transport#AUTO}. Any
		 * transport reaches a server on any other: the choice is this process's.
		 * @param transport the transport
		 * @return this builder
		 */
		public Builder transport(Transport transport) {
			this.transport = transport;
			return this;
		}

		/**
		 * Open the channel (the connection itself is made on the first call).
		 * @return the channel
		 * @throws dev.numaflow.reducestream.transport.TransportUnavailableException if
		 * the transport cannot be used here
		 * @throws IllegalArgumentException if the socket path is too long for the
		 * transport
		 */
		public ReduceStreamChannel connect() {
			UnixSocketTransport resolved = this.transport.resolve();
			resolved.checkPath(this.socket);
			EventLoopGroup eventLoop = resolved.eventLoopGroup(1, new DefaultThreadFactory("numaflow-client", false));
			NettyChannelBuilder builder = NettyChannelBuilder.forAddress(resolved.address(this.socket))
				.eventLoopGroup(eventLoop)
				.channelType(resolved.channelType())
				// A Unix domain socket has no SO_KEEPALIVE, which gRPC sets: null removes
				// it.
				.withOption(ChannelOption.SO_KEEPALIVE, null)
				.maxInboundMessageSize(this.maxInboundMessageSize)
				.usePlaintext();
			if (this.directExecutor) {
				builder.directExecutor();
			}
			return new ReduceStreamChannel(eventLoop, builder.build(), resolved.transport());
		}

	}

}
