package dev.numaflow.reducestream.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

import dev.numaflow.reducestream.errors.CriticalErrors;
import dev.numaflow.reducestream.server.ReduceStreamServerSettings;
import dev.numaflow.reducestream.server.StreamerThreads;
import dev.numaflow.reducestream.transport.Transport;
import dev.numaflow.reducestream.transport.TransportUnavailableException;

/**
 * Maps {@link ReduceStreamProperties} to {@link ReduceStreamServerSettings}. Every value
 * the settings would refuse is checked here first, so that start-up fails with an
 * {@link InvalidConfigurationPropertyValueException} naming the property, its value and
 * what is expected, which Spring Boot's failure analyzer prints.
 */
final class ReduceStreamServerSettingsMapper {

	static final String CONTAINER_TYPE_ENV = "NUMAFLOW_UD_CONTAINER_TYPE";

	private static final String PREFIX = "numaflow.reducestream.";

	/** The longest path a Unix domain socket may have, in bytes, without the NUL. */
	private static final int MAX_SOCKET_PATH_BYTES = 107;

	private static final List<String> KERNEL_FILE_SYSTEMS = List.of("/proc", "/sys", "/dev");

	private ReduceStreamServerSettingsMapper() {
	}

	static ReduceStreamServerSettings map(ReduceStreamProperties properties, Environment environment) {
		Path socketPath = socketPath(properties.getSocketPath());
		Path serverInfoPath = path("server-info-path", properties.getServerInfoPath());
		if (serverInfoPath.equals(socketPath)) {
			throw invalid("server-info-path", properties.getServerInfoPath(), "Must differ from " + PREFIX
					+ "socket-path: the socket and the server-info file need paths of their own");
		}
		Integer maxThreads = properties.getMaxThreads();
		int handlerThreads = (maxThreads != null) ? positive("max-threads", maxThreads)
				: Math.max(4, Runtime.getRuntime().availableProcessors());
		return new ReduceStreamServerSettings(socketPath, serverInfoPath,
				maxMessageSize(properties.getMaxMessageSize()), handlerThreads,
				positive("event-loop-threads", properties.getEventLoopThreads()),
				positive("max-pending-datums", properties.getMaxPendingDatums()),
				positive("max-pending-results", properties.getMaxPendingResults()),
				notNegative("shutdown.grace-period", properties.getShutdown().getGracePeriod(), "Must not be negative"),
				containerType(environment),
				notNegative("idle-warning", properties.getIdleWarning(),
						"Must not be negative (0 disables the warning)"),
				socketPermissions(properties.getSocketPermissions()), properties.getSocketGroup(),
				transport(properties.getTransport()), transportBuffer(properties.getTransportBuffer()),
				streamerThreads(properties.getStreamerThreads()));
	}

	/**
	 * The container type the platform gives, read through the environment, as the SDKs
	 * read it: {@code unknown-container} when unset.
	 */
	static String containerType(Environment environment) {
		String containerType = environment.getProperty(CONTAINER_TYPE_ENV);
		return (containerType == null || containerType.isEmpty()) ? CriticalErrors.UNKNOWN_CONTAINER : containerType;
	}

	/** The writer of critical errors, in the directory the properties name. */
	static CriticalErrors criticalErrors(ReduceStreamProperties properties, Environment environment) {
		String value = properties.getApplicationErrorsPath();
		Path directory = path("application-errors-path", value);
		String containerType = containerType(environment);
		try {
			return new CriticalErrors(directory, containerType);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(CONTAINER_TYPE_ENV, containerType, ex.getMessage());
		}
	}

	private static Path socketPath(String value) {
		Path path = path("socket-path", value);
		int bytes = path.toString().getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_SOCKET_PATH_BYTES) {
			throw invalid("socket-path", value, "Must be at most " + MAX_SOCKET_PATH_BYTES
					+ " bytes long, the limit of a Unix domain socket path, but is " + bytes + " bytes");
		}
		return path;
	}

	/**
	 * A path the server creates and deletes files at must say plainly where: absolute,
	 * without '.' or '..', and not in a kernel file system.
	 */
	private static Path path(String name, String value) {
		Path path;
		try {
			path = Path.of(value);
		}
		catch (InvalidPathException ex) {
			throw invalid(name, value, "Must be a valid path: " + ex.getReason());
		}
		if (!path.isAbsolute()) {
			throw invalid(name, value,
					"Must be an absolute path: a relative one would depend on the working directory");
		}
		if (!path.normalize().equals(path)) {
			throw invalid(name, value, "Must not contain '.' or '..': give the plain path '" + path.normalize() + "'");
		}
		if (path.getParent() == null) {
			throw invalid(name, value, "Must be a file path, not the root directory");
		}
		for (String kernel : KERNEL_FILE_SYSTEMS) {
			if (path.startsWith(kernel)) {
				throw invalid(name, value, "Must not be under " + kernel
						+ ", a kernel file system: give a path in a writable directory such as /var/run/numaflow");
			}
		}
		return path;
	}

	/** A transport that cannot load here fails now, naming the ones that can. */
	private static Transport transport(Transport transport) {
		try {
			transport.resolve();
		}
		catch (TransportUnavailableException ex) {
			throw invalid("transport", transport.id(), "Not available here: " + ex.getMessage());
		}
		return transport;
	}

	/** An empty value binds as {@code null}: the default, said plainly. */
	private static StreamerThreads streamerThreads(@Nullable StreamerThreads streamerThreads) {
		return (streamerThreads != null) ? streamerThreads : StreamerThreads.HANDLER_POOL;
	}

	private static int maxMessageSize(DataSize size) {
		long bytes = size.toBytes();
		if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
			throw invalid("max-message-size", size,
					"Must be between 1B and " + Integer.MAX_VALUE + "B, the largest message size gRPC accepts");
		}
		return (int) bytes;
	}

	private static int transportBuffer(DataSize size) {
		long bytes = size.toBytes();
		if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
			throw invalid("transport-buffer", size, "Must be between 1B and " + Integer.MAX_VALUE + "B");
		}
		return (int) bytes;
	}

	private static int positive(String name, int value) {
		if (value <= 0) {
			throw invalid(name, value, "Must be positive");
		}
		return value;
	}

	private static Duration notNegative(String name, Duration value, String reason) {
		if (value.isNegative()) {
			throw invalid(name, value, reason);
		}
		return value;
	}

	private static Set<PosixFilePermission> socketPermissions(String value) {
		try {
			return ReduceStreamServerSettings.socketPermissions(value);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("socket-permissions", value,
					"Must be 9 characters as 'ls -l' shows them without the file type, such as 'rw-rw----'");
		}
	}

	private static InvalidConfigurationPropertyValueException invalid(String name, Object value, String reason) {
		return new InvalidConfigurationPropertyValueException(PREFIX + name, value, reason);
	}

}
