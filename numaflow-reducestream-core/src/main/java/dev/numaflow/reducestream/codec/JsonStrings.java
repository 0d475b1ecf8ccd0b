package dev.numaflow.reducestream.codec;

/**
 * JSON string literals for the few documents the core writes by hand (the server-info
 * file, the critical-error entries), where a handful of fixed fields do not call for a
 * JSON library. Support code of the core, not an API for applications.
 */
public final class JsonStrings {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private JsonStrings() {
	}

	/**
	 * Append {@code value} as a quoted JSON string. Control characters are escaped, and a
	 * lone surrogate (not text, which the platform's JSON parser refuses even escaped)
	 * becomes U+FFFD.
	 * @param json where to append
	 * @param value the text
	 * @return {@code json}
	 */
	public static StringBuilder quote(StringBuilder json, String value) {
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
						json.append('\uFFFD');
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"');
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
