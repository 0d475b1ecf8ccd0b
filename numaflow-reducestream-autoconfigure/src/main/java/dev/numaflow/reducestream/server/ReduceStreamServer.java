package dev.numaflow.reducestream.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

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

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;

import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.serverinfo.ServerInfo;
import dev.numaflow.reducestream.serverinfo.ServerInfoFile;

/**
 * The reduce stream gRPC server on a Unix domain socket, run as a {@link SmartLifecycle}:
 * on start it binds the socket and then writes the server-info file; on stop it lets
 * streams in flight finish within the grace period, cancels the rest, and removes the
 * socket and the server-info file.
 */
public class ReduceStreamServer implements SmartLifecycle, ApplicationEventPublisherAware {

	/** Started late and stopped early, around the application's other lifecycle beans. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	/**
	 * Owner and group may connect: connecting to a Unix domain socket needs write
	 * permission.
	 */
	public static final String DEFAULT_SOCKET_PERMISSIONS = "rw-rw----";

	private static final Logger logger = LoggerFactory.getLogger(ReduceStreamServer.class);

	private final ReduceStreamServerSettings settings;

	private final ReduceStreamerFactory factory;

	private final ServerInfo serverInfo;

	/** Held for a whole start or stop, so the two never overlap. */
	private final Object lifecycleMonitor = new Object();

	/** Set while the server runs, including while a stop drains it. */
	private volatile @Nullable Running running;

	private volatile State state = State.STOPPED;

	private final Object failureMonitor = new Object();

	private ReduceStreamListener listener = ReduceStreamListener.NONE;

	private @Nullable Consumer<Throwable> fatalErrorHandler;

	private @Nullable Duration idleWarning;

	private @Nullable ApplicationEventPublisher eventPublisher;

	private @Nullable ScheduledExecutorService diagnostics;

	private Set<PosixFilePermission> socketPermissions = PosixFilePermissions.fromString(DEFAULT_SOCKET_PERMISSIONS);

	private @Nullable String socketGroup;

	/** What the server is doing. */
	public enum State {

		/** Not started, or stopped. */
		STOPPED,

		/** Bound, with the server-info file written. */
		RUNNING,

		/** Draining streams in flight; no new streams are accepted. */
		STOPPING,

		/** User code failed and the fail-fast policy is stopping the application. */
		FAILED

	}

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

	/**
	 * Set the listener told about streams, key sets, datums and results, for metrics.
	 * @param listener the listener
	 */
	public void setListener(ReduceStreamListener listener) {
		this.listener = listener;
	}

	/**
	 * Make user-code failures fatal: after the failing stream has been told, the server
	 * reports {@link State#FAILED} and the handler is called, on a thread of its own, to
	 * stop the application. Without one, the server keeps serving the other streams.
	 * @param fatalErrorHandler what to do after a fatal failure
	 */
	public void setFatalErrorHandler(@Nullable Consumer<Throwable> fatalErrorHandler) {
		this.fatalErrorHandler = fatalErrorHandler;
	}

	/**
	 * Warn when no stream has arrived this long after start, naming the usual causes.
	 * @param idleWarning the delay, or {@code null} for no warning
	 */
	public void setIdleWarning(@Nullable Duration idleWarning) {
		this.idleWarning = idleWarning;
	}

	/**
	 * Set who may connect to the socket.
	 * @param permissions the socket's permissions, as {@code ls -l} shows them without
	 * the file type, for instance {@code rw-rw----}
	 * @param group the socket's group, by name or numeric id, or {@code null} to keep the
	 * group it is created with
	 * @throws IllegalArgumentException if the permissions are not in that form
	 */
	public void setSocketAccess(String permissions, @Nullable String group) {
		try {
			this.socketPermissions = PosixFilePermissions.fromString(permissions);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("socket-permissions '" + permissions
					+ "' is not a permission string of 9 characters such as 'rw-rw----'", ex);
		}
		this.socketGroup = (group == null || group.isBlank()) ? null : group.strip();
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running != null) {
				return;
			}
			try {
				this.running = Running.start(this.settings, this.factory, this.serverInfo, this.listener,
						this::handlerFailed, this.socketPermissions, this.socketGroup);
			}
			catch (IOException ex) {
				throw new ReduceStreamServerException(String.valueOf(ex.getMessage()), ex);
			}
			this.state = State.RUNNING;
			logger.info(
					"Numaflow reduce stream server listening on {}, server info {} (protocol version {}, starter"
							+ " {}, container type {}, {} handler threads)",
					this.settings.socketPath(), this.settings.serverInfoPath(), this.serverInfo.version(),
					this.serverInfo.metadata().getOrDefault(ServerInfo.STARTER_VERSION_KEY, "unknown"),
					this.settings.containerType(), this.settings.handlerThreads());
			scheduleIdleWarning();
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			Running current = this.running;
			if (current != null) {
				synchronized (this.failureMonitor) {
					if (this.state != State.FAILED) {
						this.state = State.STOPPING;
					}
				}
				refuseTraffic();
				cancelIdleWarning();
				try {
					current.stop(this.settings);
				}
				finally {
					this.running = null;
					if (this.state != State.FAILED) {
						this.state = State.STOPPED;
					}
				}
				logger.info("Numaflow reduce stream server stopped");
			}
		}
	}

	/**
	 * What the server is doing.
	 * @return the state
	 */
	public State getState() {
		return this.state;
	}

	private void handlerFailed(Throwable cause) {
		Consumer<Throwable> handler = this.fatalErrorHandler;
		synchronized (this.failureMonitor) {
			// While stopping, a failure is not fatal: the application is already on its
			// way out.
			if (handler == null || this.state != State.RUNNING) {
				return;
			}
			this.state = State.FAILED;
		}
		refuseTraffic();
		Thread thread = new Thread(() -> handler.accept(cause), "reducestream-fail-fast");
		thread.setDaemon(false);
		thread.start();
	}

	private void refuseTraffic() {
		ApplicationEventPublisher publisher = this.eventPublisher;
		if (publisher != null) {
			AvailabilityChangeEvent.publish(publisher, this, ReadinessState.REFUSING_TRAFFIC);
		}
	}

	private void scheduleIdleWarning() {
		Duration delay = this.idleWarning;
		Running current = this.running;
		if (delay == null || delay.isZero() || delay.isNegative() || current == null) {
			return;
		}
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "reducestream-diagnostics");
			thread.setDaemon(true);
			return thread;
		});
		ScheduledFuture<?> warning = scheduler.schedule(() -> {
			if (current.context.streamsStarted() == 0 && current.equals(this.running)) {
				logger.warn("No reduce stream has arrived in the {} since the server started listening on {}. Usual"
						+ " causes: the vertex's window lacks 'streaming: true' (the platform then waits for a plain"
						+ " reducer on /var/run/numaflow/reduce.sock); the vertex is not a reduce vertex, or its UDF type"
						+ " is not reduce stream; numaflow.reducestream.socket-path is not"
						+ " /var/run/numaflow/reducestream.sock; or no data has reached the vertex yet.",
						delay.toMillis() + " ms", this.settings.socketPath());
			}
		}, delay.toMillis(), TimeUnit.MILLISECONDS);
		logger.debug("Idle warning scheduled: {}", warning);
		this.diagnostics = scheduler;
	}

	private void cancelIdleWarning() {
		ScheduledExecutorService scheduler = this.diagnostics;
		if (scheduler != null) {
			scheduler.shutdownNow();
			this.diagnostics = null;
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

		static Running start(ReduceStreamServerSettings settings, ReduceStreamerFactory factory, ServerInfo info,
				ReduceStreamListener listener, Consumer<Throwable> handlerFailures,
				Set<PosixFilePermission> socketPermissions, @Nullable String socketGroup) throws IOException {
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
			StreamContext context = new StreamContext(handlers, eventLoops, factory, settings, listener,
					handlerFailures);
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
				SocketFiles.restrict(socket, socketPermissions, socketGroup);
			}
			catch (IOException ex) {
				server.shutdownNow();
				handlers.shutdownNow();
				eventLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
				SocketFiles.deleteSocket(socket);
				throw ex;
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
					// Let the cancellations reach every stream before the handlers are
					// interrupted, so that an
					// interrupted handler is not taken for a failing one.
					this.server.awaitTermination(5, TimeUnit.SECONDS);
					released(this.handlers.shutdownNow());
				}
				this.handlers.shutdown();
				if (!this.handlers.awaitTermination(graceful ? 5 : 1, TimeUnit.SECONDS)) {
					released(this.handlers.shutdownNow());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.server.shutdownNow();
				released(this.handlers.shutdownNow());
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

		/**
		 * Release the key sets whose turns the pool dropped, as no thread will run them.
		 */
		private static void released(List<Runnable> dropped) {
			for (Runnable task : dropped) {
				if (task instanceof HandlerTask held) {
					held.dropped();
				}
			}
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
