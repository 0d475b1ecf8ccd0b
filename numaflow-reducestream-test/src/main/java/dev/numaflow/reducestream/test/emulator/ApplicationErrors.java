package dev.numaflow.reducestream.test.emulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.numaflow.reducestream.test.PersistedCriticalError;

/**
 * The critical errors directory the emulator shares with the server, as the platform's
 * volume is shared with the UDF container: the entries there before the run are
 * remembered, and those written during it are printed, as the Errors tab would show them.
 */
final class ApplicationErrors {

	/** The most lines of an entry's details printed; the file has them all. */
	static final int MAX_DETAIL_LINES = 12;

	private final Path directory;

	private final Set<Path> before;

	private ApplicationErrors(Path directory, Set<Path> before) {
		this.directory = directory;
		this.before = before;
	}

	/** Remember what the directory holds now. */
	static ApplicationErrors snapshot(Path directory) {
		Path absolute = directory.toAbsolutePath();
		return new ApplicationErrors(absolute, Set.copyOf(entryFiles(absolute)));
	}

	Path directory() {
		return this.directory;
	}

	/** Print the entries written since the snapshot, or that there are none. */
	void printNew(PrintStream out) {
		List<PersistedCriticalError> entries = new ArrayList<>();
		try {
			for (Path file : entryFiles(this.directory)) {
				if (!this.before.contains(file)) {
					entries.add(PersistedCriticalError.read(file));
				}
			}
		}
		catch (UncheckedIOException | IllegalStateException ex) {
			out.println("critical errors in " + this.directory + " cannot be read: " + ex.getMessage());
			return;
		}
		if (entries.isEmpty()) {
			out.println("critical errors: none in " + this.directory);
			return;
		}
		for (PersistedCriticalError entry : entries) {
			out.println("critical error  " + entry.container() + "  " + Instant.ofEpochSecond(entry.timestamp()) + "  "
					+ entry.code() + "  (" + entry.file() + ")");
			out.println("  " + entry.message());
			List<String> lines = entry.details().lines().toList();
			lines.stream().limit(MAX_DETAIL_LINES).forEach((line) -> out.println("  | " + line));
			if (lines.size() > MAX_DETAIL_LINES) {
				out.println("  | ... " + (lines.size() - MAX_DETAIL_LINES) + " more lines in the file");
			}
		}
	}

	/** The {@code .json} entries in every container's subdirectory, in name order. */
	private static List<Path> entryFiles(Path directory) {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> containers = Files.list(directory)) {
			List<Path> files = new ArrayList<>();
			for (Path container : containers.filter(Files::isDirectory).sorted().toList()) {
				try (Stream<Path> entries = Files.list(container)) {
					files.addAll(entries.filter((file) -> file.getFileName().toString().endsWith(".json"))
						.sorted()
						.collect(Collectors.toList()));
				}
			}
			return files;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list " + directory, ex);
		}
	}

}
