package dev.numaflow.reducestream.errors;

import dev.numaflow.reducestream.codec.JsonStrings;

/**
 * The JSON of an entry, with the platform's field names in the platform's order:
 * {@code container}, {@code timestamp} (epoch seconds), {@code code}, {@code message},
 * {@code details}. Five fixed fields do not need a JSON library in the core.
 */
final class EntryJson {

	private EntryJson() {
	}

	static String write(String container, long timestamp, CriticalError error) {
		StringBuilder json = new StringBuilder(64 + error.message().length() + error.details().length());
		json.append("{\"container\":");
		string(json, container);
		json.append(",\"timestamp\":").append(timestamp).append(",\"code\":");
		string(json, error.code());
		json.append(",\"message\":");
		string(json, error.message());
		json.append(",\"details\":");
		string(json, error.details());
		return json.append('}').toString();
	}

	private static void string(StringBuilder json, String value) {
		JsonStrings.quote(json, value);
	}

}
