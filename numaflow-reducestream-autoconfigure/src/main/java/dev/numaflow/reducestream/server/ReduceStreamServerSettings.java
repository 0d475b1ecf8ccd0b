package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
 */
public record ReduceStreamServerSettings(Path socketPath, Path serverInfoPath, int maxMessageSize, int handlerThreads,
		int eventLoopThreads, int maxPendingDatums, int maxPendingResults, Duration gracePeriod, String containerType) {

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
	 */
	public ReduceStreamServerSettings {
		positive("max-message-size", maxMessageSize);
		positive("max-threads", handlerThreads);
		positive("event-loop-threads", eventLoopThreads);
		positive("max-pending-datums", maxPendingDatums);
		positive("max-pending-results", maxPendingResults);
		if (gracePeriod.isNegative()) {
			throw new IllegalArgumentException("shutdown.grace-period must not be negative, but is " + gracePeriod);
		}
		checkPath("socket-path", socketPath);
		checkPath("server-info-path", serverInfoPath);
		if (socketPath.equals(serverInfoPath)) {
			throw new IllegalArgumentException("socket-path and server-info-path are both '" + socketPath
					+ "': the socket and the server-info file need paths of their own");
		}
		if (socketPath.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
			throw new IllegalArgumentException(
					"socket-path '" + socketPath + "' is longer than the 107 bytes a Unix domain socket path may have");
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
