package dev.numaflow.reducestream.errors;

/**
 * The JSON of an entry, with the platform's field names in the platform's order:
 * {@code container}, {@code timestamp} (epoch seconds), {@code code}, {@code message},
 * {@code details}. Five fixed fields do not need a JSON library in the core.
 */
final class EntryJson {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

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
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
					}
					else if (Character.isSurrogate(c) && !isPair(value, i)) {
						// A lone surrogate is not text: the platform's JSON parser
						// refuses
						// it even escaped.
						json.append('\uFFFD');
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	/** Whether the surrogate at {@code i} is half of a well-formed pair. */
	private static boolean isPair(String value, int i) {
		char c = value.charAt(i);
		if (Character.isHighSurrogate(c)) {
			return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
		}
		return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
	}

}
