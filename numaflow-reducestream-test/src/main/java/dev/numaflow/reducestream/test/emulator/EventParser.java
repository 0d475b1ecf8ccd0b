package dev.numaflow.reducestream.test.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;

/**
 * Reads one JSON line into an {@link Event}:
 * <pre>{"eventTime":"2024-01-01T00:00:05Z","keys":["a"],"value":"...","headers":{"h":"v"}}</pre>
 * {@code eventTime} is an ISO-8601 instant or epoch milliseconds; {@code keys} an array
 * of strings; {@code value} a string sent as UTF-8; {@code headers} optional;
 * {@code traceparent} and {@code tracestate} optional strings, the W3C trace context sent
 * in the datum's system metadata group {@code tracing}, as the platform does with tracing
 * on. Sub-millisecond event times are truncated, as the platform's are whole
 * milliseconds.
 */
public final class EventParser {

	private final ObjectMapper mapper = JsonMapper.builder().build();

	/**
	 * Parse one line.
	 * @param text the line
	 * @param line its number, counted from 1, for error messages
	 * @return the event
	 * @throws InvalidEventException if the line is not a valid event; the message names
	 * the line
	 */
	public Event parse(String text, int line) {
		JsonNode node;
		try {
			node = this.mapper.readTree(text);
		}
		catch (JacksonException ex) {
			throw new InvalidEventException(line, "not valid JSON (" + ex.getOriginalMessage() + ")");
		}
		if (node == null || !node.isObject()) {
			throw new InvalidEventException(line, "expected a JSON object like {\"eventTime\":\"2024-01-01T00:00:00Z\","
					+ "\"keys\":[\"a\"],\"value\":\"1\"}");
		}
		return new Event(line, eventTime(node.get("eventTime"), line), keys(node.get("keys"), line),
				value(node.get("value"), line), headers(node.get("headers"), line),
				optionalString(node.get("traceparent"), "traceparent", line),
				optionalString(node.get("tracestate"), "tracestate", line));
	}

	/** An optional string field: absent or null is {@code null}. */
	private static @Nullable String optionalString(@Nullable JsonNode node, String name, int line) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString()) {
			throw new InvalidEventException(line, "\"" + name + "\" must be a string, not " + node);
		}
		return node.stringValue();
	}

	private static Instant eventTime(JsonNode node, int line) {
		if (node == null || node.isNull()) {
			throw new InvalidEventException(line, "\"eventTime\" is missing");
		}
		if (node.isIntegralNumber()) {
			return Instant.ofEpochMilli(node.longValue());
		}
		if (node.isString()) {
			try {
				return Instant.parse(node.stringValue()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
			}
			catch (DateTimeParseException ex) {
				throw new InvalidEventException(line, "\"eventTime\" '" + node.stringValue()
						+ "' is not an ISO-8601 instant like 2024-01-01T00:00:00Z");
			}
		}
		throw new InvalidEventException(line,
				"\"eventTime\" must be an ISO-8601 instant string or epoch milliseconds, not " + node);
	}

	private static List<String> keys(JsonNode node, int line) {
		if (node == null || !node.isArray()) {
			throw new InvalidEventException(line, "\"keys\" must be an array of strings, like [\"a\"]");
		}
		List<String> keys = new ArrayList<>();
		for (JsonNode key : node) {
			if (!key.isString()) {
				throw new InvalidEventException(line, "\"keys\" must contain strings only, not " + key);
			}
			keys.add(key.stringValue());
		}
		return keys;
	}

	private static byte[] value(JsonNode node, int line) {
		if (node == null || node.isNull()) {
			throw new InvalidEventException(line, "\"value\" is missing");
		}
		// A string is sent as its UTF-8 bytes; any other JSON value as its JSON text.
		String text = node.isString() ? node.stringValue() : node.toString();
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static Map<String, String> headers(JsonNode node, int line) {
		if (node == null || node.isNull()) {
			return Map.of();
		}
		if (!node.isObject()) {
			throw new InvalidEventException(line, "\"headers\" must be an object of strings");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> header : node.properties()) {
			if (!header.getValue().isString()) {
				throw new InvalidEventException(line,
						"header \"" + header.getKey() + "\" must be a string, not " + header.getValue());
			}
			headers.put(header.getKey(), header.getValue().stringValue());
		}
		return headers;
	}

}
