package dev.numaflow.reducestream.errors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists one critical error where the platform's UI reads them: a JSON file in
 * {@code <directory>/<container>/}, the volume the UDF container shares with the
 * platform's {@code numa} container ({@value #DEFAULT_DIRECTORY} in a pod). The vertex's
 * Errors tab then shows it, after the container has restarted.
 * <p>
 * At most one entry is written per instance, as the SDKs write at most one per process:
 * the first call claims the right to write, later calls write nothing. The entry is
 * written under a {@code .tmp} name, which the platform's reader skips, flushed to disk,
 * and renamed atomically to {@code <unix-nanos>-<seq>-udf.json}, so that it sorts with
 * the platform's own {@code <unix-nanos>-<seq>-numa.json} entries (the platform keeps the
 * newest 10 per directory). A directory that cannot be written is logged at WARN, once;
 * nothing here throws or waits.
 */
public final class CriticalErrors {

	/** Where the platform reads critical errors from, in a pod. */
	public static final String DEFAULT_DIRECTORY = "/var/numaflow/runtime/application-errors";

	/** The container name the SDKs use when the platform gives none. */
	public static final String UNKNOWN_CONTAINER = "unknown-container";

	private static final Logger logger = LoggerFactory.getLogger(CriticalErrors.class);

	/** Makes names unique in the process even if two writers meet in one nanosecond. */
	private static final AtomicLong SEQUENCE = new AtomicLong();

	private final Path directory;

	private final String container;

	private final Clock clock;

	private final AtomicBoolean claimed = new AtomicBoolean();

	/**
	 * Creates a writer; nothing is written until {@link #persist(CriticalError)}.
	 * @param directory the directory of every container's errors, created if missing
	 * @param container the container's name, its subdirectory: the container type the
	 * platform gives in {@code NUMAFLOW_UD_CONTAINER_TYPE} ({@code udf} for a reduce
	 * UDF), or {@value #UNKNOWN_CONTAINER}
	 * @throws IllegalArgumentException if the container's name is not a plain directory
	 * name
	 */
	public CriticalErrors(Path directory, String container) {
		this(directory, container, Clock.systemUTC());
	}

	CriticalErrors(Path directory, String container, Clock clock) {
		if (container.isBlank() || container.equals(".") || container.equals("..") || container.indexOf('/') >= 0
				|| container.indexOf('\0') >= 0) {
			throw new IllegalArgumentException("The container name '" + container
					+ "' must be a plain directory name (not blank, '.' or '..', and without '/'): it names the"
					+ " directory of the container's critical errors");
		}
		this.directory = directory;
		this.container = container;
		this.clock = clock;
	}

	/**
	 * Persist a critical error, unless one has been already.
	 * @param code the gRPC status code as the platform names it, such as
	 * {@value CriticalError#INTERNAL_ERROR}; blank for that one
	 * @param message what went wrong
	 * @param details more, such as a stack trace
	 * @return whether this call wrote the entry: {@code false} if an entry had been
	 * persisted (or attempted) before, or if it could not be written
	 */
	public boolean persist(String code, String message, String details) {
		return persist(new CriticalError(code, message, details));
	}

	/**
	 * Persist a critical error, unless one has been already.
	 * @param error the error
	 * @return whether this call wrote the entry: {@code false} if an entry had been
	 * persisted (or attempted) before, or if it could not be written
	 */
	public boolean persist(CriticalError error) {
		if (!this.claimed.compareAndSet(false, true)) {
			logger.debug("A critical error was persisted before; not persisting '{}'", error.message());
			return false;
		}
		Path containerDirectory = containerDirectory();
		Instant now = this.clock.instant();
		String name = (now.getEpochSecond() * 1_000_000_000L + now.getNano()) + "-" + SEQUENCE.getAndIncrement()
				+ "-udf";
		Path temporary = containerDirectory.resolve(name + ".tmp");
		Path entry = containerDirectory.resolve(name + ".json");
		try {
			createDirectory(this.directory);
			createDirectory(containerDirectory);
			byte[] json = EntryJson.write(this.container, now.getEpochSecond(), error).getBytes(StandardCharsets.UTF_8);
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE)) {
				ByteBuffer buffer = ByteBuffer.wrap(json);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			readableByAll(temporary);
			Files.move(temporary, entry, StandardCopyOption.ATOMIC_MOVE);
			logger.info("Persisted the critical error '{}' for the platform's Errors tab in {}", error.message(),
					entry);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not persist the critical error '{}' for the platform's Errors tab in {}: {}",
					error.message(), containerDirectory, ex.toString());
			deleteQuietly(temporary);
			return false;
		}
	}

	/**
	 * Whether an entry has been persisted, or attempted, by this writer.
	 * @return whether {@link #persist(CriticalError)} was called
	 */
	public boolean isClaimed() {
		return this.claimed.get();
	}

	/**
	 * The directory this writer puts its entry in.
	 * @return {@code <directory>/<container>}
	 */
	public Path containerDirectory() {
		return this.directory.resolve(this.container);
	}

	/**
	 * The container's name.
	 * @return the name of the container's directory
	 */
	public String container() {
		return this.container;
	}

	/**
	 * Created readable and writable by all, as the platform and the SDKs create it: the
	 * platform's container, possibly another user, reads and prunes the entries.
	 */
	private static void createDirectory(Path directory) throws IOException {
		if (Files.isDirectory(directory)) {
			return;
		}
		Files.createDirectories(directory);
		try {
			Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
		}
		catch (IOException | UnsupportedOperationException ex) {
			logger.debug("Could not open the permissions of {}", directory, ex);
		}
	}

	/**
	 * The entry readable by the platform's container, possibly another user, whatever the
	 * process's umask.
	 */
	private static void readableByAll(Path file) {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		}
		catch (IOException | UnsupportedOperationException ex) {
			logger.debug("Could not make {} readable by all", file, ex);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not delete {}", file, ex);
		}
	}

}
