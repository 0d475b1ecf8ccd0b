package dev.numaflow.reducestream.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.codec.PayloadCodec;
import dev.numaflow.reducestream.serverinfo.ServerInfo;
import dev.numaflow.reducestream.serverinfo.ServerInfoFile;
import dev.numaflow.reducestream.transport.TransportUnavailableException;
import dev.numaflow.reducestream.transport.UnixSocketTransport;

/**
 * What exists while a {@link ReduceStreamServer} runs: the bound gRPC server, its
 * transport and handler threads, the await thread that keeps the JVM alive, and the idle
 * warning.
 */
final class RunningServer {

	private static final Logger logger = LoggerFactory.getLogger(RunningServer.class);

	private final ReduceStreamServerSettings settings;

	private final Server server;

	private final ExecutorService handlers;

	private final EventLoopGroup eventLoops;

	private final UnixSocketTransport transport;

	private final StreamContext context;

	private final Thread awaitThread;

	private @Nullable ScheduledExecutorService diagnostics;

	private RunningServer(ReduceStreamServerSettings settings, Server server, ExecutorService handlers,
			EventLoopGroup eventLoops, UnixSocketTransport transport, StreamContext context) {
		this.settings = settings;
		this.server = server;
		this.handlers = handlers;
		this.eventLoops = eventLoops;
		this.transport = transport;
		this.context = context;
		this.awaitThread = new Thread(() -> awaitTermination(server), "reducestream-server");
		this.awaitThread.setDaemon(false);
	}

	static RunningServer start(ReduceStreamServerSettings settings, ReduceStreamerFactory factory, PayloadCodec codec,
			ServerInfo info, ReduceStreamListener listener, Consumer<Throwable> handlerFailures,
			@Nullable TimerClock timerClock, ReduceStreamTracing tracing) throws IOException {
		UnixSocketTransport transport;
		try {
			transport = settings.transport().resolve();
		}
		catch (TransportUnavailableException ex) {
			throw new IOException(ex.getMessage() + ". Set numaflow.reducestream.transport to one that is, or to auto",
					ex);
		}
		Path socket = settings.socketPath();
		checkPaths(settings, transport);
		SocketFiles.prepare(socket);
		ThreadPoolExecutor handlers = new ThreadPoolExecutor(settings.handlerThreads(), settings.handlerThreads(), 60,
				TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("reducestream-handler-"));
		handlers.allowCoreThreadTimeOut(true);
		EventLoopGroup eventLoops = transport.eventLoopGroup(settings.eventLoopThreads(),
				threads("reducestream-transport-"));
		// The server's own clock stops with it; a given one is its giver's.
		TimerClock timers = (timerClock != null) ? timerClock : new SystemTimerClock();
		StreamContext context = new StreamContext(handlers, eventLoops, factory, codec, settings, listener,
				handlerFailures, timers, tracing);
		Server server;
		try {
			server = NettyServerBuilder.forAddress(transport.address(socket))
				.channelType(transport.serverChannelType())
				.bossEventLoopGroup(eventLoops)
				.workerEventLoopGroup(eventLoops)
				// gRPC sets SO_KEEPALIVE on every accepted channel; a Unix domain socket
				// has no such option, and Netty warns on each connection. null removes
				// it.
				.withChildOption(ChannelOption.SO_KEEPALIVE, null)
				.directExecutor()
				.maxInboundMessageSize(settings.maxMessageSize())
				.addService(new ReduceStreamService(context))
				.build()
				.start();
		}
		catch (IOException | RuntimeException ex) {
			shutDownNow(handlers, eventLoops);
			throw new IOException("Cannot bind the reduce stream socket " + socket + ": " + ex.getMessage(), ex);
		}
		try {
			SocketFiles.restrict(socket, settings.socketPermissions(), settings.socketGroup());
		}
		catch (IOException ex) {
			server.shutdownNow();
			shutDownNow(handlers, eventLoops);
			SocketFiles.deleteSocket(socket);
			throw ex;
		}
		try {
			ServerInfoFile.write(settings.serverInfoPath(), info);
		}
		catch (IOException ex) {
			server.shutdownNow();
			shutDownNow(handlers, eventLoops);
			SocketFiles.deleteSocket(socket);
			throw ex;
		}
		RunningServer running = new RunningServer(settings, server, handlers, eventLoops, transport, context);
		running.awaitThread.start();
		running.diagnostics = running.scheduleDiagnostics();
		return running;
	}

	/**
	 * Every problem with the socket and server-info paths that can be seen before the
	 * bind, reported together: a user fixing one should not meet the next on the next
	 * start.
	 */
	private static void checkPaths(ReduceStreamServerSettings settings, UnixSocketTransport transport)
			throws IOException {
		List<String> problems = new ArrayList<>();
		try {
			transport.checkPath(settings.socketPath());
		}
		catch (IllegalArgumentException ex) {
			problems.add(ex.getMessage());
		}
		try {
			SocketFiles.checkDirectory(settings.socketPath());
		}
		catch (IOException ex) {
			problems.add(ex.getMessage());
		}
		try {
			ServerInfoFile.checkDirectory(settings.serverInfoPath());
		}
		catch (IOException ex) {
			problems.add(ex.getMessage());
		}
		if (!problems.isEmpty()) {
			throw new IOException(String.join(" Also: ", problems));
		}
	}

	/** The transport serving the socket, never {@code AUTO}. */
	UnixSocketTransport transport() {
		return this.transport;
	}

	int activeStreams() {
		return this.context.activeStreams();
	}

	void stop() {
		this.server.shutdown();
		try {
			boolean graceful = this.server.awaitTermination(this.settings.gracePeriod().toMillis(),
					TimeUnit.MILLISECONDS);
			if (!graceful) {
				logger.warn("Reduce streams still open after the grace period of {}: cancelling {} of them",
						this.settings.gracePeriod(), this.context.activeStreams());
				this.server.shutdownNow();
				// Let the cancellations reach every stream before the handlers are
				// interrupted, so that an interrupted handler is not taken for a failing
				// one.
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
		if (this.context.timerClock() instanceof SystemTimerClock own) {
			own.stop();
		}
		this.eventLoops.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
		// Turns handed to a transport loop that ended before it took them.
		for (TransportTurns turns : this.context.transportTurns()) {
			turns.dropLeftovers();
		}
		// After the transport: a turn that holds a transport thread while the streams
		// drain is still reported.
		ScheduledExecutorService scheduler = this.diagnostics;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
		SocketFiles.deleteSocket(this.settings.socketPath());
		try {
			ServerInfoFile.delete(this.settings.serverInfoPath());
		}
		catch (IOException ex) {
			logger.warn("Could not delete the server-info file {}", this.settings.serverInfoPath(), ex);
		}
		this.awaitThread.interrupt();
	}

	/**
	 * The idle warning and the watch of turns on the transport threads, on one thread
	 * that exists only if either does.
	 */
	private @Nullable ScheduledExecutorService scheduleDiagnostics() {
		Duration delay = this.settings.idleWarning();
		TransportTurnWatch watch = TransportTurnWatch.of(this.context.transportTurns(), this.context.listener());
		if (delay.isZero() && watch == null) {
			return null;
		}
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "reducestream-diagnostics");
			thread.setDaemon(true);
			return thread;
		});
		if (watch != null) {
			ScheduledFuture<?> watching = scheduler.scheduleWithFixedDelay(watch, TransportTurnWatch.PERIOD_MILLIS,
					TransportTurnWatch.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
			logger.debug("Transport turn watch scheduled: {}", watching);
		}
		if (!delay.isZero()) {
			scheduleIdleWarning(scheduler, delay);
		}
		return scheduler;
	}

	private void scheduleIdleWarning(ScheduledExecutorService scheduler, Duration delay) {
		ScheduledFuture<?> warning = scheduler.schedule(() -> {
			if (this.context.streamsStarted() == 0 && !this.server.isShutdown()) {
				logger.warn("No reduce stream has arrived in the {} since the server started listening on {}. Usual"
						+ " causes: the vertex's window lacks 'streaming: true' (the platform then waits for a plain"
						+ " reducer on /var/run/numaflow/reduce.sock); the vertex is not a reduce vertex, or its UDF type"
						+ " is not reduce stream; numaflow.reducestream.socket-path is not"
						+ " /var/run/numaflow/reducestream.sock; or no data has reached the vertex yet.",
						delay.toMillis() + " ms", this.settings.socketPath());
			}
		}, delay.toMillis(), TimeUnit.MILLISECONDS);
		logger.debug("Idle warning scheduled: {}", warning);
	}

	/** Release the key sets whose turns the pool dropped, as no thread will run them. */
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

	private static void shutDownNow(ExecutorService handlers, EventLoopGroup eventLoops) {
		handlers.shutdownNow();
		eventLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
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
