package dev.numaflow.reducestream.errors;

import java.nio.charset.StandardCharsets;

/**
 * Text cut to a number of bytes of UTF-8, never inside a character.
 */
final class Utf8 {

	static final String TRUNCATED = "... (truncated)";

	private Utf8() {
	}

	static int length(String text) {
		int bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes += 1;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else {
				// A lone surrogate is written as U+FFFD, three bytes.
				bytes += 3;
			}
		}
		return bytes;
	}

	/**
	 * The text itself if it has at most {@code maxBytes} bytes of UTF-8, otherwise its
	 * longest prefix that fits with the truncation marker after it.
	 */
	static String truncated(String text, int maxBytes) {
		if (text.length() <= maxBytes / 4 || length(text) <= maxBytes) {
			return text;
		}
		int budget = maxBytes - TRUNCATED.getBytes(StandardCharsets.UTF_8).length;
		int bytes = 0;
		int end = 0;
		while (end < text.length()) {
			int codePoint = text.codePointAt(end);
			int next = end + Character.charCount(codePoint);
			int size = length(text.substring(end, next));
			if (bytes + size > budget) {
				break;
			}
			bytes += size;
			end = next;
		}
		return text.substring(0, end) + TRUNCATED;
	}

}
