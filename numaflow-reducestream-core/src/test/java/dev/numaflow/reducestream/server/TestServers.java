package dev.numaflow.reducestream.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import org.jspecify.annotations.Nullable;

import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.serverinfo.ServerInfo;

/**
 * Builds servers for tests: short socket paths under a temporary directory, small limits
 * when a test asks.
 */
public final class TestServers {

	private TestServers() {
	}

	public static ReduceStreamServerSettings settings(Path directory) {
		return settings(directory, 4, 1024, 1024);
	}

	public static ReduceStreamServerSettings settings(Path directory, int handlerThreads, int maxPendingDatums,
			int maxPendingResults) {
		return new ReduceStreamServerSettings(directory.resolve("rs.sock"), directory.resolve("server-info"),
				64 * 1024 * 1024, handlerThreads, 1, maxPendingDatums, maxPendingResults, Duration.ofSeconds(5),
				"unknown-container");
	}

	public static ReduceStreamServerSettings withSocketAccess(ReduceStreamServerSettings settings, String permissions,
			@Nullable String group) {
		return new ReduceStreamServerSettings(settings.socketPath(), settings.serverInfoPath(),
				settings.maxMessageSize(), settings.handlerThreads(), settings.eventLoopThreads(),
				settings.maxPendingDatums(), settings.maxPendingResults(), settings.gracePeriod(),
				settings.containerType(), settings.idleWarning(),
				ReduceStreamServerSettings.socketPermissions(permissions), group);
	}

	public static ReduceStreamServer start(ReduceStreamServerSettings settings, ReduceStreamerFactory factory) {
		ReduceStreamServer server = new ReduceStreamServer(settings, factory, ServerInfo.forThisStarter());
		server.start();
		return server;
	}

	/**
	 * A started server with a listener and, optionally, a fatal error handler (the
	 * {@code on-handler-error=exit} policy). The only place the fault tests build a
	 * server, so that only this method follows a change of how a server is built.
	 */
	public static ReduceStreamServer start(ReduceStreamServerSettings settings, ReduceStreamerFactory factory,
			ReduceStreamListener listener, @Nullable Consumer<Throwable> fatalErrorHandler) {
		ReduceStreamServer server = new ReduceStreamServer(settings, factory, ServerInfo.forThisStarter(), listener,
				fatalErrorHandler);
		server.start();
		return server;
	}

	/**
	 * Serve a service definition (for instance the service of
	 * {@link ReduceStreamServices#create} wrapped by interceptors) on a Unix domain
	 * socket, with the transport the real server uses.
	 */
	public static BoundService serve(Path socket, ServerServiceDefinition service) {
		EventLoopGroup eventLoops = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
		try {
			Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
				.channelType(EpollServerDomainSocketChannel.class)
				.bossEventLoopGroup(eventLoops)
				.workerEventLoopGroup(eventLoops)
				// A Unix domain socket has no SO_KEEPALIVE, which gRPC sets: null removes
				// it.
				.withChildOption(ChannelOption.SO_KEEPALIVE, null)
				.directExecutor()
				.maxInboundMessageSize(64 * 1024 * 1024)
				.addService(service)
				.build()
				.start();
			return new BoundService(server, eventLoops);
		}
		catch (IOException ex) {
			eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A service bound by {@link #serve}; closing it stops the server and its transport.
	 */
	public record BoundService(Server server, EventLoopGroup eventLoops) implements AutoCloseable {

		@Override
		public void close() {
			this.server.shutdownNow();
			try {
				this.server.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
		}

	}

}
