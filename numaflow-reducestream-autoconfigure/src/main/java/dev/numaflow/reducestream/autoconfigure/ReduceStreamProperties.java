package dev.numaflow.reducestream.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.numaflow.reducestream.server.StreamerThreads;
import dev.numaflow.reducestream.transport.Transport;

/**
 * Configuration of the Numaflow reduce stream server.
 */
@ConfigurationProperties("numaflow.reducestream")
public class ReduceStreamProperties {

	/**
	 * Whether to start the reduce stream server.
	 */
	private boolean enabled = true;

	/**
	 * Unix domain socket the server listens on; the platform connects to the default.
	 */
	private String socketPath = "/var/run/numaflow/reducestream.sock";

	/**
	 * File the server describes itself in once the socket is bound; the platform reads
	 * the default.
	 */
	private String serverInfoPath = "/var/run/numaflow/reducestreamer-server-info";

	/**
	 * Permissions of the socket, as in 'ls -l' without the type ('rw-rw----'). Connecting
	 * needs write permission. The default lets the owner and the socket's group connect:
	 * in a Numaflow pod the numa container runs as root unless the pod says otherwise,
	 * and containers that share a runAsUser, or an fsGroup, are owner or group.
	 */
	private String socketPermissions = "rw-rw----";

	/**
	 * Group of the socket, by name or numeric id, for hardened pods whose numa and UDF
	 * containers run as different users: the numa container's group (for instance the
	 * pod's fsGroup or runAsGroup). The process must be a member of it. Unset keeps the
	 * group the socket is created with.
	 */
	private @Nullable String socketGroup;

	/**
	 * Largest request message accepted. The platform sends and accepts up to 64MB.
	 */
	private DataSize maxMessageSize = DataSize.ofMegabytes(64);

	/**
	 * Number of threads that run streamer code, shared by all windows and key sets.
	 * Defaults to the larger of 4 and the number of available processors.
	 */
	private @Nullable Integer maxThreads;

	/**
	 * Number of transport threads. The platform opens a single connection, which one
	 * thread serves.
	 */
	private int eventLoopThreads = 1;

	/**
	 * How the socket is served: 'auto' takes Netty's native epoll (Linux), else kqueue
	 * (macOS), else the JDK's NIO channels (any OS with Unix domain sockets, Windows 10+
	 * included); or name one of 'epoll', 'kqueue', 'nio'.
	 */
	private Transport transport = Transport.AUTO;

	/**
	 * Which threads run the streamer: 'handler-pool' (max-threads threads; a streamer may
	 * block for a while), or 'transport' for a streamer that never blocks: its calls then
	 * run on the transport thread that read their datums, with no hand-off (6-16% less
	 * CPU per datum on the benchmark), but a call that blocks stalls every stream of its
	 * connection. Turns that hold it for more than a second are logged at WARN and
	 * counted.
	 */
	private StreamerThreads streamerThreads = StreamerThreads.HANDLER_POOL;

	/**
	 * Per stream, the datums received but not yet handled; beyond this the client is
	 * slowed by gRPC flow control.
	 */
	private int maxPendingDatums = 1024;

	/**
	 * Per stream, the results not yet taken by the transport; beyond this the stream's
	 * key sets pause.
	 */
	private int maxPendingResults = 1024;

	/**
	 * Per stream, how many bytes of results the transport may hold, not yet written to
	 * the socket, before the server stops handing it more (gRPC's on-ready threshold).
	 */
	private DataSize transportBuffer = DataSize.ofKilobytes(256);

	/**
	 * In an application with an embedded web server, whether to bind the socket and write
	 * the server-info file before the web server is created (Tomcat, MVC, the Actuator
	 * endpoints), instead of after every singleton has been created.
	 */
	private boolean bindBeforeWebServer = true;

	/**
	 * What to do after user code throws: 'exit' stops the application with status 1 once
	 * the failing stream has been told, so the container restarts and the platform
	 * replays; 'continue' keeps serving the other streams.
	 */
	private HandlerErrorPolicy onHandlerError = HandlerErrorPolicy.EXIT;

	/**
	 * Warn when no stream has arrived this long after the server started listening. Zero
	 * disables the warning.
	 */
	private Duration idleWarning = Duration.ofMinutes(2);

	/**
	 * Directory the platform's UI reads critical errors from (the vertex's Errors tab).
	 * Before the 'exit' policy stops the application, and on the CriticalErrors bean's
	 * call, one entry is written in its subdirectory named after the container type
	 * (NUMAFLOW_UD_CONTAINER_TYPE, 'unknown-container' when unset).
	 */
	private String applicationErrorsPath = "/var/numaflow/runtime/application-errors";

	private final Shutdown shutdown = new Shutdown();

	private final Tracing tracing = new Tracing();

	/**
	 * What to do after user code throws.
	 */
	public enum HandlerErrorPolicy {

		/** Stop the application with status 1, as the Go, Python and Rust SDKs do. */
		EXIT,

		/** Keep serving the other streams. */
		CONTINUE

	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getSocketPath() {
		return this.socketPath;
	}

	public void setSocketPath(String socketPath) {
		this.socketPath = socketPath;
	}

	public String getServerInfoPath() {
		return this.serverInfoPath;
	}

	public void setServerInfoPath(String serverInfoPath) {
		this.serverInfoPath = serverInfoPath;
	}

	public String getSocketPermissions() {
		return this.socketPermissions;
	}

	public void setSocketPermissions(String socketPermissions) {
		this.socketPermissions = socketPermissions;
	}

	public @Nullable String getSocketGroup() {
		return this.socketGroup;
	}

	public void setSocketGroup(@Nullable String socketGroup) {
		this.socketGroup = socketGroup;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public @Nullable Integer getMaxThreads() {
		return this.maxThreads;
	}

	public void setMaxThreads(@Nullable Integer maxThreads) {
		this.maxThreads = maxThreads;
	}

	public int getEventLoopThreads() {
		return this.eventLoopThreads;
	}

	public void setEventLoopThreads(int eventLoopThreads) {
		this.eventLoopThreads = eventLoopThreads;
	}

	public StreamerThreads getStreamerThreads() {
		return this.streamerThreads;
	}

	public void setStreamerThreads(StreamerThreads streamerThreads) {
		this.streamerThreads = streamerThreads;
	}

	public Transport getTransport() {
		return this.transport;
	}

	public void setTransport(Transport transport) {
		this.transport = transport;
	}

	public int getMaxPendingDatums() {
		return this.maxPendingDatums;
	}

	public void setMaxPendingDatums(int maxPendingDatums) {
		this.maxPendingDatums = maxPendingDatums;
	}

	public int getMaxPendingResults() {
		return this.maxPendingResults;
	}

	public void setMaxPendingResults(int maxPendingResults) {
		this.maxPendingResults = maxPendingResults;
	}

	public DataSize getTransportBuffer() {
		return this.transportBuffer;
	}

	public void setTransportBuffer(DataSize transportBuffer) {
		this.transportBuffer = transportBuffer;
	}

	public boolean isBindBeforeWebServer() {
		return this.bindBeforeWebServer;
	}

	public void setBindBeforeWebServer(boolean bindBeforeWebServer) {
		this.bindBeforeWebServer = bindBeforeWebServer;
	}

	public HandlerErrorPolicy getOnHandlerError() {
		return this.onHandlerError;
	}

	public void setOnHandlerError(HandlerErrorPolicy onHandlerError) {
		this.onHandlerError = onHandlerError;
	}

	public Duration getIdleWarning() {
		return this.idleWarning;
	}

	public void setIdleWarning(Duration idleWarning) {
		this.idleWarning = idleWarning;
	}

	public String getApplicationErrorsPath() {
		return this.applicationErrorsPath;
	}

	public void setApplicationErrorsPath(String applicationErrorsPath) {
		this.applicationErrorsPath = applicationErrorsPath;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Tracing getTracing() {
		return this.tracing;
	}

	/**
	 * Tracing settings, used when the application has Micrometer Tracing.
	 */
	public static class Tracing {

		/**
		 * The most links from a key set's span to its datums' sampled trace contexts.
		 */
		private int maxLinks = 32;

		public int getMaxLinks() {
			return this.maxLinks;
		}

		public void setMaxLinks(int maxLinks) {
			this.maxLinks = maxLinks;
		}

	}

	/**
	 * Shutdown settings.
	 */
	public static class Shutdown {

		/**
		 * How long streams in flight may run on after a stop begins, before they are
		 * cancelled.
		 */
		private Duration gracePeriod = Duration.ofSeconds(30);

		/**
		 * Whether SIGTERM makes the process exit with status 0 once it has stopped
		 * gracefully (the JVM otherwise exits with 143).
		 */
		private boolean exitZeroOnSigterm = true;

		public boolean isExitZeroOnSigterm() {
			return this.exitZeroOnSigterm;
		}

		public void setExitZeroOnSigterm(boolean exitZeroOnSigterm) {
			this.exitZeroOnSigterm = exitZeroOnSigterm;
		}

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

	}

}
