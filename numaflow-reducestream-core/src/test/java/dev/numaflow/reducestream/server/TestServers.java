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
import io.netty.util.concurrent.DefaultThreadFactory;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.serverinfo.ServerInfo;
import dev.numaflow.reducestream.transport.Transport;
import dev.numaflow.reducestream.transport.UnixSocketTransport;

/**
 * Builds servers for tests: short socket paths under a temporary directory, small limits
 * when a test asks, and the transport the build runs the socket suites on.
 */
public final class TestServers {

	/**
	 * The system property that names the transport of the socket suites' servers and
	 * clients: the build runs them once with the default ({@code auto}, so epoll on
	 * Linux) and once more with {@code nio}.
	 */
	public static final String TRANSPORT_PROPERTY = "numaflow.reducestream.transport";

	private TestServers() {
	}

	/**
	 * The system property that puts the socket suites' streamers on the transport
	 * threads: the build runs some of them once more with {@code transport}.
	 */
	public static final String STREAMER_THREADS_PROPERTY = "numaflow.reducestream.streamer-threads";

	/**
	 * The transport this test run serves and connects through.
	 * @return the transport named by {@value #TRANSPORT_PROPERTY}, else {@code AUTO}
	 */
	public static Transport transport() {
		String value = System.getProperty(TRANSPORT_PROPERTY);
		return (value == null || value.isBlank()) ? Transport.AUTO : Transport.parse(value);
	}

	/**
	 * Settings on this run's transport, unless they name one of their own, and with this
	 * run's streamer threads, unless they name the transport's.
	 * @param settings the settings
	 * @return the settings with this run's transport
	 */
	public static ReduceStreamServerSettings onTestTransport(ReduceStreamServerSettings settings) {
		ReduceStreamServerSettings onTransport = (settings.transport() == Transport.AUTO)
				? settings.withTransport(transport()) : settings;
		String threads = System.getProperty(STREAMER_THREADS_PROPERTY);
		if (threads != null && threads.strip().equals(StreamerThreads.TRANSPORT.id())) {
			return onTransport.withStreamerThreads(StreamerThreads.TRANSPORT);
		}
		return onTransport;
	}

	public static ReduceStreamServerSettings settings(Path directory) {
		return settings(directory, 4, 1024, 1024);
	}

	public static ReduceStreamServerSettings settings(Path directory, int handlerThreads, int maxPendingDatums,
			int maxPendingResults) {
		return new ReduceStreamServerSettings(directory.resolve("rs.sock"), directory.resolve("server-info"),
				64 * 1024 * 1024, handlerThreads, 1, maxPendingDatums, maxPendingResults, Duration.ofSeconds(5),
				"unknown-container")
			.withTransport(transport());
	}

	public static ReduceStreamServerSettings withSocketAccess(ReduceStreamServerSettings settings, String permissions,
			@Nullable String group) {
		return new ReduceStreamServerSettings(settings.socketPath(), settings.serverInfoPath(),
				settings.maxMessageSize(), settings.handlerThreads(), settings.eventLoopThreads(),
				settings.maxPendingDatums(), settings.maxPendingResults(), settings.gracePeriod(),
				settings.containerType(), settings.idleWarning(),
				ReduceStreamServerSettings.socketPermissions(permissions), group, settings.transport());
	}

	public static ReduceStreamServer start(ReduceStreamServerSettings settings, ReduceStreamerFactory factory) {
		ReduceStreamServer server = new ReduceStreamServer(onTestTransport(settings), factory,
				ServerInfo.forThisStarter());
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
		ReduceStreamServer server = new ReduceStreamServer(onTestTransport(settings), factory,
				ServerInfo.forThisStarter(), listener, fatalErrorHandler);
		server.start();
		return server;
	}

	/**
	 * Serve a service definition (for instance the service of
	 * {@link ReduceStreamServices#create} wrapped by interceptors) on a Unix domain
	 * socket, with the transport the real server uses.
	 */
	public static BoundService serve(Path socket, ServerServiceDefinition service) {
		UnixSocketTransport transport = transport().resolve();
		EventLoopGroup eventLoops = transport.eventLoopGroup(1, new DefaultThreadFactory("test-server", true));
		try {
			Server server = NettyServerBuilder.forAddress(transport.address(socket))
				.channelType(transport.serverChannelType())
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
