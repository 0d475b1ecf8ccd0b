package dev.numaflow.reducestream.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.transport.Transport;

/**
 * How a {@link ReduceStreamServer} listens and schedules work.
 * <p>
 * Both paths must be absolute, without '.' or '..', outside /proc, /sys and /dev, and
 * different from each other: the server deletes what it created there on stop.
 *
 * @param socketPath the Unix domain socket to listen on
 * @param serverInfoPath the server-info file the platform reads before it connects
 * @param maxMessageSize the largest request message accepted, in bytes
 * @param handlerThreads the number of threads that run streamer code
 * @param eventLoopThreads the number of transport threads
 * @param maxPendingDatums per stream, the datums received but not yet handled before the
 * client is slowed down
 * @param maxPendingResults per stream, the results not yet taken by the transport before
 * handlers pause
 * @param gracePeriod how long streams in flight may run on after a stop begins
 * @param containerType the container type named in error statuses
 * @param idleWarning warn when no stream has arrived this long after start; zero for no
 * warning
 * @param socketPermissions who may connect to the socket (connecting needs write
 * permission)
 * @param socketGroup the socket's group, by name or numeric id, or {@code null} to keep
 * the group it is created with
 * @param transport how the socket is served: {@link Transport#AUTO} takes epoll, else
 * kqueue, else NIO
 * @param transportBuffer per stream, the bytes of results the transport may hold not yet
 * written to the socket before the server stops handing it more (gRPC's on-ready
 * threshold, whose own default is 32 KiB)
 * @param streamerThreads which threads run the streamers: the handler pool, or for
 * streamers that never block the transport thread
 */
public record ReduceStreamServerSettings(Path socketPath, Path serverInfoPath, int maxMessageSize, int handlerThreads,
		int eventLoopThreads, int maxPendingDatums, int maxPendingResults, Duration gracePeriod, String containerType,
		Duration idleWarning, Set<PosixFilePermission> socketPermissions, @Nullable String socketGroup,
		Transport transport, int transportBuffer, StreamerThreads streamerThreads) {

	/**
	 * The default {@link #transportBuffer()}: 256 KiB. gRPC's 32 KiB made the writer wait
	 * for the transport every few hundred small results when a window closes on many key
	 * sets (see BENCHMARKS.md, session 7).
	 */
	public static final int DEFAULT_TRANSPORT_BUFFER = 256 * 1024;

	/**
	 * Owner and group may connect: connecting to a Unix domain socket needs write
	 * permission.
	 */
	public static final String DEFAULT_SOCKET_PERMISSIONS = "rw-rw----";

	private static final List<String> KERNEL_FILE_SYSTEMS = List.of("/proc", "/sys", "/dev");

	/**
	 * Validates the settings.
	 * @param socketPath the Unix domain socket to listen on
	 * @param serverInfoPath the server-info file
	 * @param maxMessageSize the largest request message accepted
	 * @param handlerThreads the number of handler threads
	 * @param eventLoopThreads the number of transport threads
	 * @param maxPendingDatums per stream, datums not yet handled
	 * @param maxPendingResults per stream, results not yet sent
	 * @param gracePeriod the grace period on stop
	 * @param containerType the container type
	 * @param idleWarning the idle warning delay, zero for none
	 * @param socketPermissions the socket's permissions
	 * @param socketGroup the socket's group, or {@code null}
	 * @param transport the transport
	 * @param transportBuffer per stream, result bytes the transport may hold
	 * @param streamerThreads which threads run the streamers
	 */
	public ReduceStreamServerSettings {
		socketPermissions = Set.copyOf(socketPermissions);
		socketGroup = (socketGroup == null || socketGroup.isBlank()) ? null : socketGroup.strip();
		if (idleWarning.isNegative()) {
			throw new IllegalArgumentException("idle-warning must not be negative, but is " + idleWarning);
		}
		positive("max-message-size", maxMessageSize);
		positive("max-threads", handlerThreads);
		positive("event-loop-threads", eventLoopThreads);
		positive("max-pending-datums", maxPendingDatums);
		positive("max-pending-results", maxPendingResults);
		positive("transport-buffer", transportBuffer);
		if (gracePeriod.isNegative()) {
			throw new IllegalArgumentException("shutdown.grace-period must not be negative, but is " + gracePeriod);
		}
		checkPath("socket-path", socketPath);
		checkPath("server-info-path", serverInfoPath);
		if (socketPath.equals(serverInfoPath)) {
			throw new IllegalArgumentException("socket-path and server-info-path are both '" + socketPath
					+ "': the socket and the server-info file need paths of their own");
		}
		if (socketPath.toString().getBytes(StandardCharsets.UTF_8).length > 107) {
			throw new IllegalArgumentException(
					"socket-path '" + socketPath + "' is longer than the 107 bytes a Unix domain socket path may have");
		}
	}

	/**
	 * Settings whose streamers run on the {@link StreamerThreads#HANDLER_POOL handler
	 * pool}.
	 * @param socketPath the Unix domain socket to listen on
	 * @param serverInfoPath the server-info file
	 * @param maxMessageSize the largest request message accepted
	 * @param handlerThreads the number of handler threads
	 * @param eventLoopThreads the number of transport threads
	 * @param maxPendingDatums per stream, datums not yet handled
	 * @param maxPendingResults per stream, results not yet sent
	 * @param gracePeriod the grace period on stop
	 * @param containerType the container type
	 * @param idleWarning the idle warning delay, zero for none
	 * @param socketPermissions the socket's permissions
	 * @param socketGroup the socket's group, or {@code null}
	 * @param transport the transport
	 * @param transportBuffer per stream, result bytes the transport may hold
	 */
	public ReduceStreamServerSettings(Path socketPath, Path serverInfoPath, int maxMessageSize, int handlerThreads,
			int eventLoopThreads, int maxPendingDatums, int maxPendingResults, Duration gracePeriod,
			String containerType, Duration idleWarning, Set<PosixFilePermission> socketPermissions,
			@Nullable String socketGroup, Transport transport, int transportBuffer) {
		this(socketPath, serverInfoPath, maxMessageSize, handlerThreads, eventLoopThreads, maxPendingDatums,
				maxPendingResults, gracePeriod, containerType, idleWarning, socketPermissions, socketGroup, transport,
				transportBuffer, StreamerThreads.HANDLER_POOL);
	}

	/**
	 * Settings with the default {@link #DEFAULT_TRANSPORT_BUFFER transport buffer}.
	 * @param socketPath the Unix domain socket to listen on
	 * @param serverInfoPath the server-info file
	 * @param maxMessageSize the largest request message accepted
	 * @param handlerThreads the number of handler threads
	 * @param eventLoopThreads the number of transport threads
	 * @param maxPendingDatums per stream, datums not yet handled
	 * @param maxPendingResults per stream, results not yet sent
	 * @param gracePeriod the grace period on stop
	 * @param containerType the container type
	 * @param idleWarning the idle warning delay, zero for none
	 * @param socketPermissions the socket's permissions
	 * @param socketGroup the socket's group, or {@code null}
	 * @param transport the transport
	 */
	public ReduceStreamServerSettings(Path socketPath, Path serverInfoPath, int maxMessageSize, int handlerThreads,
			int eventLoopThreads, int maxPendingDatums, int maxPendingResults, Duration gracePeriod,
			String containerType, Duration idleWarning, Set<PosixFilePermission> socketPermissions,
			@Nullable String socketGroup, Transport transport) {
		this(socketPath, serverInfoPath, maxMessageSize, handlerThreads, eventLoopThreads, maxPendingDatums,
				maxPendingResults, gracePeriod, containerType, idleWarning, socketPermissions, socketGroup, transport,
				DEFAULT_TRANSPORT_BUFFER);
	}

	/**
	 * Settings with the transport chosen automatically (epoll, else kqueue, else NIO).
	 * @param socketPath the Unix domain socket to listen on
	 * @param serverInfoPath the server-info file
	 * @param maxMessageSize the largest request message accepted
	 * @param handlerThreads the number of handler threads
	 * @param eventLoopThreads the number of transport threads
	 * @param maxPendingDatums per stream, datums not yet handled
	 * @param maxPendingResults per stream, results not yet sent
	 * @param gracePeriod the grace period on stop
	 * @param containerType the container type
	 * @param idleWarning the idle warning delay, zero for none
	 * @param socketPermissions the socket's permissions
	 * @param socketGroup the socket's group, or {@code null}
	 */
	public ReduceStreamServerSettings(Path socketPath, Path serverInfoPath, int maxMessageSize, int handlerThreads,
			int eventLoopThreads, int maxPendingDatums, int maxPendingResults, Duration gracePeriod,
			String containerType, Duration idleWarning, Set<PosixFilePermission> socketPermissions,
			@Nullable String socketGroup) {
		this(socketPath, serverInfoPath, maxMessageSize, handlerThreads, eventLoopThreads, maxPendingDatums,
				maxPendingResults, gracePeriod, containerType, idleWarning, socketPermissions, socketGroup,
				Transport.AUTO);
	}

	/**
	 * Settings with no idle warning and the default socket access
	 * ({@value #DEFAULT_SOCKET_PERMISSIONS}, the group the socket is created with).
	 * @param socketPath the Unix domain socket to listen on
	 * @param serverInfoPath the server-info file
	 * @param maxMessageSize the largest request message accepted
	 * @param handlerThreads the number of handler threads
	 * @param eventLoopThreads the number of transport threads
	 * @param maxPendingDatums per stream, datums not yet handled
	 * @param maxPendingResults per stream, results not yet sent
	 * @param gracePeriod the grace period on stop
	 * @param containerType the container type
	 */
	public ReduceStreamServerSettings(Path socketPath, Path serverInfoPath, int maxMessageSize, int handlerThreads,
			int eventLoopThreads, int maxPendingDatums, int maxPendingResults, Duration gracePeriod,
			String containerType) {
		this(socketPath, serverInfoPath, maxMessageSize, handlerThreads, eventLoopThreads, maxPendingDatums,
				maxPendingResults, gracePeriod, containerType, Duration.ZERO,
				socketPermissions(DEFAULT_SOCKET_PERMISSIONS), null);
	}

	/**
	 * These settings with another transport.
	 * @param transport the transport
	 * @return the settings
	 */
	public ReduceStreamServerSettings withTransport(Transport transport) {
		return new ReduceStreamServerSettings(this.socketPath, this.serverInfoPath, this.maxMessageSize,
				this.handlerThreads, this.eventLoopThreads, this.maxPendingDatums, this.maxPendingResults,
				this.gracePeriod, this.containerType, this.idleWarning, this.socketPermissions, this.socketGroup,
				transport, this.transportBuffer, this.streamerThreads);
	}

	/**
	 * These settings with another transport buffer.
	 * @param transportBuffer per stream, result bytes the transport may hold
	 * @return the settings
	 */
	public ReduceStreamServerSettings withTransportBuffer(int transportBuffer) {
		return new ReduceStreamServerSettings(this.socketPath, this.serverInfoPath, this.maxMessageSize,
				this.handlerThreads, this.eventLoopThreads, this.maxPendingDatums, this.maxPendingResults,
				this.gracePeriod, this.containerType, this.idleWarning, this.socketPermissions, this.socketGroup,
				this.transport, transportBuffer, this.streamerThreads);
	}

	/**
	 * These settings with streamers on other threads.
	 * @param streamerThreads which threads run the streamers
	 * @return the settings
	 */
	public ReduceStreamServerSettings withStreamerThreads(StreamerThreads streamerThreads) {
		return new ReduceStreamServerSettings(this.socketPath, this.serverInfoPath, this.maxMessageSize,
				this.handlerThreads, this.eventLoopThreads, this.maxPendingDatums, this.maxPendingResults,
				this.gracePeriod, this.containerType, this.idleWarning, this.socketPermissions, this.socketGroup,
				this.transport, this.transportBuffer, streamerThreads);
	}

	/**
	 * Parses socket permissions as {@code ls -l} shows them without the file type.
	 * @param permissions for instance {@code rw-rw----}
	 * @return the permissions
	 * @throws IllegalArgumentException if the permissions are not in that form
	 */
	public static Set<PosixFilePermission> socketPermissions(String permissions) {
		try {
			return PosixFilePermissions.fromString(permissions);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("socket-permissions '" + permissions
					+ "' is not a permission string of 9 characters such as 'rw-rw----'", ex);
		}
	}

	/**
	 * A path the server creates and deletes files at must say plainly where: absolute,
	 * without '.' or '..', and not in a kernel file system.
	 */
	private static void checkPath(String name, Path path) {
		if (!path.isAbsolute()) {
			throw new IllegalArgumentException(name + " '" + path
					+ "' is relative: it would depend on the working directory; give an absolute path");
		}
		if (!path.normalize().equals(path)) {
			throw new IllegalArgumentException(name + " '" + path
					+ "' contains '.' or '..': give the plain path, such as '" + path.normalize() + "'");
		}
		if (path.getParent() == null) {
			throw new IllegalArgumentException(name + " '" + path + "' is the root directory: give a file path");
		}
		for (String kernel : KERNEL_FILE_SYSTEMS) {
			if (path.startsWith(kernel)) {
				throw new IllegalArgumentException(name + " '" + path + "' is under " + kernel
						+ ", a kernel file system: give a path in a writable directory such as /var/run/numaflow");
			}
		}
	}

	private static void positive(String name, int value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive, but is " + value);
		}
	}

}
