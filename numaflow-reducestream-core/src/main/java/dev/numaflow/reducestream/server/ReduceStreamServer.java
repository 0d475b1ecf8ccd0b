package dev.numaflow.reducestream.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.codec.PayloadCodec;
import dev.numaflow.reducestream.codec.PayloadCodecs;
import dev.numaflow.reducestream.serverinfo.ServerInfo;
import dev.numaflow.reducestream.transport.Transport;

/**
 * The reduce stream gRPC server on a Unix domain socket. {@link #start()} binds the
 * socket and then writes the server-info file; {@link #stop()} lets streams in flight
 * finish within the grace period, cancels the rest, and removes the socket and the
 * server-info file. It knows nothing of Spring: the auto-configuration runs it as a
 * {@code SmartLifecycle}.
 */
public class ReduceStreamServer {

	private static final Logger logger = LoggerFactory.getLogger(ReduceStreamServer.class);

	private final ReduceStreamServerSettings settings;

	private final ReduceStreamerFactory factory;

	private final PayloadCodec codec;

	private final ServerInfo serverInfo;

	private final ReduceStreamListener listener;

	private final @Nullable Consumer<Throwable> fatalErrorHandler;

	private final @Nullable TimerClock timerClock;

	private volatile ReduceStreamTracing tracing = ReduceStreamTracing.NONE;

	/** Held for a whole start or stop, so the two never overlap. */
	private final Object lifecycleMonitor = new Object();

	/** Set while the server runs, including while a stop drains it. */
	private volatile @Nullable RunningServer running;

	private volatile State state = State.STOPPED;

	private final Object failureMonitor = new Object();

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
	 * Creates a server with no listener whose user-code failures are not fatal; nothing
	 * is bound until {@link #start()}.
	 * @param settings how to listen and schedule work
	 * @param factory creates a streamer per (window, key set)
	 * @param serverInfo what the server-info file says
	 */
	public ReduceStreamServer(ReduceStreamServerSettings settings, ReduceStreamerFactory factory,
			ServerInfo serverInfo) {
		this(settings, factory, serverInfo, ReduceStreamListener.NONE, null);
	}

	/**
	 * Creates a server; nothing is bound until {@link #start()}.
	 * @param settings how to listen and schedule work
	 * @param factory creates a streamer per (window, key set)
	 * @param serverInfo what the server-info file says
	 * @param listener told about streams, key sets, datums and results, for metrics; a
	 * listener that throws is logged, never fails a stream
	 * @param fatalErrorHandler makes user-code failures fatal: after the failing stream
	 * has been told, the server reports {@link State#FAILED} and the handler is called,
	 * on a thread of its own, to stop the application; {@code null} to keep serving the
	 * other streams
	 */
	public ReduceStreamServer(ReduceStreamServerSettings settings, ReduceStreamerFactory factory, ServerInfo serverInfo,
			ReduceStreamListener listener, @Nullable Consumer<Throwable> fatalErrorHandler) {
		this(settings, factory, PayloadCodecs.defaultCodec(), serverInfo, listener, fatalErrorHandler, null);
	}

	/**
	 * Creates a server whose key-set timers run on the given clock; nothing is bound
	 * until {@link #start()}.
	 * @param settings how to listen and schedule work
	 * @param factory creates a streamer per (window, key set)
	 * @param serverInfo what the server-info file says
	 * @param listener told about streams, key sets, datums and results
	 * @param fatalErrorHandler makes user-code failures fatal, or {@code null}
	 * @param timerClock the clock of the streamers' timers, such as a
	 * {@link ManualTimerClock} in tests; {@code null} for the server's own on wall time
	 */
	public ReduceStreamServer(ReduceStreamServerSettings settings, ReduceStreamerFactory factory, ServerInfo serverInfo,
			ReduceStreamListener listener, @Nullable Consumer<Throwable> fatalErrorHandler,
			@Nullable TimerClock timerClock) {
		this(settings, factory, PayloadCodecs.defaultCodec(), serverInfo, listener, fatalErrorHandler, timerClock);
	}

	/**
	 * Creates a server with a payload codec for the typed API; nothing is bound until
	 * {@link #start()}.
	 * @param settings how to listen and schedule work
	 * @param factory creates a streamer per (window, key set)
	 * @param codec decodes datums and encodes results for {@code Datum.value(Class)} and
	 * {@code Output.sendValue(...)}; raw payloads never go through it
	 * @param serverInfo what the server-info file says
	 * @param listener told about streams, key sets, datums and results, for metrics
	 * @param fatalErrorHandler makes user-code failures fatal (see the constructor
	 * without a codec); {@code null} to keep serving the other streams
	 */
	public ReduceStreamServer(ReduceStreamServerSettings settings, ReduceStreamerFactory factory, PayloadCodec codec,
			ServerInfo serverInfo, ReduceStreamListener listener, @Nullable Consumer<Throwable> fatalErrorHandler) {
		this(settings, factory, codec, serverInfo, listener, fatalErrorHandler, null);
	}

	/**
	 * Creates a server with every part given; nothing is bound until {@link #start()}.
	 * @param settings how to listen and schedule work
	 * @param factory creates a streamer per (window, key set)
	 * @param codec decodes datums and encodes results for {@code Datum.value(Class)} and
	 * {@code Output.sendValue(...)}; raw payloads never go through it
	 * @param serverInfo what the server-info file says
	 * @param listener told about streams, key sets, datums and results, for metrics
	 * @param fatalErrorHandler makes user-code failures fatal, or {@code null} to keep
	 * serving the other streams
	 * @param timerClock the clock of the streamers' timers, such as a
	 * {@link ManualTimerClock} in tests; {@code null} for the server's own on wall time
	 */
	public ReduceStreamServer(ReduceStreamServerSettings settings, ReduceStreamerFactory factory, PayloadCodec codec,
			ServerInfo serverInfo, ReduceStreamListener listener, @Nullable Consumer<Throwable> fatalErrorHandler,
			@Nullable TimerClock timerClock) {
		this.timerClock = timerClock;
		this.settings = settings;
		this.factory = factory;
		this.codec = codec;
		this.serverInfo = serverInfo;
		this.listener = listener;
		this.fatalErrorHandler = fatalErrorHandler;
	}

	/**
	 * Trace key sets: one span per (window, key set), current during each call into its
	 * streamer. Takes effect at the next {@link #start()};
	 * {@link ReduceStreamTracing#NONE} (the default) costs nothing.
	 * @param tracing the tracing
	 */
	public void setTracing(ReduceStreamTracing tracing) {
		this.tracing = tracing;
	}

	/**
	 * Bind the socket and write the server-info file; does nothing if already running.
	 * @throws ReduceStreamServerException if the socket cannot be bound or the file
	 * written
	 */
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running != null) {
				return;
			}
			RunningServer started;
			try {
				started = RunningServer.start(this.settings, this.factory, this.codec, this.serverInfo, this.listener,
						this::handlerFailed, this.timerClock, this.tracing);
			}
			catch (IOException ex) {
				throw new ReduceStreamServerException(String.valueOf(ex.getMessage()), ex);
			}
			this.running = started;
			this.state = State.RUNNING;
			logger.info(
					"Numaflow reduce stream server listening on {} ({} transport), server info {} (protocol version"
							+ " {}, starter {}, container type {}, streamers on {})",
					this.settings.socketPath(), started.transport().transport().id(), this.settings.serverInfoPath(),
					this.serverInfo.version(),
					this.serverInfo.metadata().getOrDefault(ServerInfo.STARTER_VERSION_KEY, "unknown"),
					this.settings.containerType(),
					(this.settings.streamerThreads() == StreamerThreads.TRANSPORT)
							? "the transport threads (streamer-threads=transport: they must never block)"
							: this.settings.handlerThreads() + " handler threads");
		}
	}

	/**
	 * Stop accepting streams, let those in flight finish within the grace period, cancel
	 * the rest, and remove the socket and the server-info file; does nothing if stopped.
	 */
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			RunningServer current = this.running;
			if (current != null) {
				synchronized (this.failureMonitor) {
					if (this.state != State.FAILED) {
						this.state = State.STOPPING;
					}
				}
				try {
					current.stop();
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

	/**
	 * Whether the server is bound, including while a stop drains it.
	 * @return whether it runs
	 */
	public boolean isRunning() {
		return this.running != null;
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
		Thread thread = new Thread(() -> handler.accept(cause), "reducestream-fail-fast");
		thread.setDaemon(false);
		thread.start();
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
	 * The transport serving the socket while the server runs: the one configured, or the
	 * one {@link Transport#AUTO} picked.
	 * @return the transport, or {@code null} when stopped
	 */
	public @Nullable Transport getTransport() {
		RunningServer current = this.running;
		return (current != null) ? current.transport().transport() : null;
	}

	/**
	 * The number of streams (windows) in flight.
	 * @return the active stream count, 0 when stopped
	 */
	public int getActiveStreams() {
		RunningServer current = this.running;
		return (current != null) ? current.activeStreams() : 0;
	}

}
