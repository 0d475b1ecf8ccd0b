package dev.numaflow.reducestream.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A critical error entry as the platform's Errors tab reads it from disk.
 *
 * @param file the entry's file
 * @param container the container it names
 * @param timestamp when it was written, in epoch seconds
 * @param code the status code, as the platform names it (such as {@code Internal error})
 * @param message the message
 * @param details the details, such as a stack trace
 */
public record PersistedCriticalError(Path file, String container, long timestamp, String code, String message,
		String details) {

	private static final ObjectMapper MAPPER = JsonMapper.builder().build();

	/**
	 * The entries of one container's directory, oldest first, as the platform reads them:
	 * {@code .json} files only ({@code .tmp} files are still being written).
	 * @param containerDirectory the directory, such as
	 * {@code /var/numaflow/runtime/application-errors/udf}
	 * @return the entries, empty if there is no such directory
	 * @throws IllegalStateException if an entry is not what the platform can read
	 * @throws UncheckedIOException if the directory cannot be read
	 */
	public static List<PersistedCriticalError> readAll(Path containerDirectory) {
		if (!Files.isDirectory(containerDirectory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(containerDirectory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".json"))
				.sorted(Comparator.comparingLong(PersistedCriticalError::leadingNumber)
					.thenComparing((file) -> file.getFileName().toString()))
				.map(PersistedCriticalError::read)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the critical errors in " + containerDirectory, ex);
		}
	}

	/**
	 * Read one entry.
	 * @param file the entry's file
	 * @return the entry
	 * @throws IllegalStateException if it is not what the platform can read
	 * @throws UncheckedIOException if it cannot be read
	 */
	public static PersistedCriticalError read(Path file) {
		JsonNode node;
		try {
			node = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the critical error " + file, ex);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("The critical error " + file + " is not valid JSON: " + ex.getMessage(),
					ex);
		}
		return new PersistedCriticalError(file, text(node, "container", file), number(node, file),
				text(node, "code", file), text(node, "message", file), text(node, "details", file));
	}

	private static String text(JsonNode node, String field, Path file) {
		JsonNode value = node.get(field);
		if (value == null || !value.isString()) {
			throw new IllegalStateException(
					"The critical error " + file + " has no text field \"" + field + "\", which the platform needs");
		}
		return value.stringValue();
	}

	private static long number(JsonNode node, Path file) {
		JsonNode value = node.get("timestamp");
		if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
			throw new IllegalStateException("The critical error " + file
					+ " has no integer field \"timestamp\" (epoch seconds), which the platform needs");
		}
		return value.asLong();
	}

	/** The integer before the first '-', by which the platform orders and prunes. */
	private static long leadingNumber(Path file) {
		String name = file.getFileName().toString();
		int dash = name.indexOf('-');
		try {
			return Long
				.parseLong((dash < 0) ? name.substring(0, name.length() - ".json".length()) : name.substring(0, dash));
		}
		catch (NumberFormatException ex) {
			return Long.MAX_VALUE;
		}
	}

}
