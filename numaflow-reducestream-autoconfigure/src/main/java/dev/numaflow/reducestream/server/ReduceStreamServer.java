package dev.numaflow.reducestream.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import dev.numaflow.reducestream.serverinfo.ServerInfo;
import dev.numaflow.reducestream.serverinfo.ServerInfoFile;

/**
 * The reduce stream gRPC server on a Unix domain socket, run as a {@link SmartLifecycle}:
 * on start it binds the socket and then writes the server-info file; on stop it lets
 * streams in flight finish within the grace period, cancels the rest, and removes the
 * socket and the server-info file.
 */
public class ReduceStreamServer implements SmartLifecycle {

	/** Started late and stopped early, around the application's other lifecycle beans. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final Logger logger = LoggerFactory.getLogger(ReduceStreamServer.class);

	private final ReduceStreamServerSettings settings;

	private final ReduceStreamerFactory factory;

	private final ServerInfo serverInfo;

	/** Held for a whole start or stop, so the two never overlap. */
	private final Object lifecycleMonitor = new Object();

	/** Set while the server runs, including while a stop drains it. */
	private volatile @Nullable Running running;

	/**
	 * Creates a server; nothing is bound until {@link #start()}.
	 * @param settings how to listen and schedule work
	 * @param factory creates a streamer per (window, key set)
	 * @param serverInfo what the server-info file says
	 */
	public ReduceStreamServer(ReduceStreamServerSettings settings, ReduceStreamerFactory factory,
			ServerInfo serverInfo) {
		this.settings = settings;
		this.factory = factory;
		this.serverInfo = serverInfo;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running != null) {
				return;
			}
			try {
				this.running = Running.start(this.settings, this.factory, this.serverInfo);
			}
			catch (IOException ex) {
				throw new ReduceStreamServerException(String.valueOf(ex.getMessage()), ex);
			}
			logger.info(
					"Numaflow reduce stream server listening on {} (server info {}, protocol version {}, {} handler"
							+ " threads)",
					this.settings.socketPath(), this.settings.serverInfoPath(), this.serverInfo.version(),
					this.settings.handlerThreads());
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			Running current = this.running;
			if (current != null) {
				try {
					current.stop(this.settings);
				}
				finally {
					this.running = null;
				}
				logger.info("Numaflow reduce stream server stopped");
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * The socket the server listens on.
	 * @return the socket path
	 */
	public Path getSocketPath() {
		return this.settings.socketPath();
	}

	/**
	 * The server-info file the server writes.
	 * @return the server-info path
	 */
	public Path getServerInfoPath() {
		return this.settings.serverInfoPath();
	}

	/**
	 * The number of streams (windows) in flight.
	 * @return the active stream count, 0 when stopped
	 */
	public int getActiveStreams() {
		Running current = this.running;
		return (current != null) ? current.context.activeStreams() : 0;
	}

	/** What exists while the server runs. */
	private record Running(Server server, ExecutorService handlers, EventLoopGroup eventLoops, StreamContext context,
			Thread awaitThread) {

		static Running start(ReduceStreamServerSettings settings, ReduceStreamerFactory factory, ServerInfo info)
				throws IOException {
			if (!Epoll.isAvailable()) {
				throw new IOException("The reduce stream server needs Netty's native epoll transport (Linux, with"
						+ " netty-transport-native-epoll for this CPU on the class path): "
						+ Epoll.unavailabilityCause(), Epoll.unavailabilityCause());
			}
			Path socket = settings.socketPath();
			SocketFiles.prepare(socket);
			ThreadPoolExecutor handlers = new ThreadPoolExecutor(settings.handlerThreads(), settings.handlerThreads(),
					60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("reducestream-handler-"));
			handlers.allowCoreThreadTimeOut(true);
			EventLoopGroup eventLoops = new MultiThreadIoEventLoopGroup(settings.eventLoopThreads(),
					threads("reducestream-transport-"), EpollIoHandler.newFactory());
			StreamContext context = new StreamContext(handlers, factory, settings);
			Server server;
			try {
				server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
					.channelType(EpollServerDomainSocketChannel.class)
					.bossEventLoopGroup(eventLoops)
					.workerEventLoopGroup(eventLoops)
					// gRPC sets SO_KEEPALIVE on every accepted channel; a Unix domain
					// socket has
					// no such option, and Netty warns on each connection. null removes
					// it.
					.withChildOption(ChannelOption.SO_KEEPALIVE, null)
					.directExecutor()
					.maxInboundMessageSize(settings.maxMessageSize())
					.addService(new ReduceStreamService(context))
					.build()
					.start();
			}
			catch (IOException | RuntimeException ex) {
				handlers.shutdownNow();
				eventLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
				throw new IOException("Cannot bind the reduce stream socket " + socket + ": " + ex.getMessage(), ex);
			}
			try {
				ServerInfoFile.write(settings.serverInfoPath(), info);
			}
			catch (IOException ex) {
				server.shutdownNow();
				handlers.shutdownNow();
				eventLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
				SocketFiles.deleteSocket(socket);
				throw new IOException(
						"Cannot write the server-info file " + settings.serverInfoPath() + ": " + ex.getMessage(), ex);
			}
			Thread awaitThread = new Thread(() -> awaitTermination(server), "reducestream-server");
			awaitThread.setDaemon(false);
			awaitThread.start();
			return new Running(server, handlers, eventLoops, context, awaitThread);
		}

		void stop(ReduceStreamServerSettings settings) {
			this.server.shutdown();
			try {
				boolean graceful = this.server.awaitTermination(settings.gracePeriod().toMillis(),
						TimeUnit.MILLISECONDS);
				if (!graceful) {
					logger.warn("Reduce streams still open after the grace period of {}: cancelling {} of them",
							settings.gracePeriod(), this.context.activeStreams());
					this.server.shutdownNow();
					// Handlers of cancelled streams are interrupted rather than waited
					// for.
					this.handlers.shutdownNow();
					this.server.awaitTermination(5, TimeUnit.SECONDS);
				}
				this.handlers.shutdown();
				if (!this.handlers.awaitTermination(graceful ? 5 : 1, TimeUnit.SECONDS)) {
					this.handlers.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.server.shutdownNow();
				this.handlers.shutdownNow();
			}
			this.eventLoops.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
			SocketFiles.deleteSocket(settings.socketPath());
			try {
				ServerInfoFile.delete(settings.serverInfoPath());
			}
			catch (IOException ex) {
				logger.warn("Could not delete the server-info file {}", settings.serverInfoPath(), ex);
			}
			this.awaitThread.interrupt();
		}

		private static void awaitTermination(Server server) {
			try {
				server.awaitTermination();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private static ThreadFactory threads(String prefix) {
			AtomicInteger count = new AtomicInteger();
			return (runnable) -> {
				Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			};
		}

	}

}
