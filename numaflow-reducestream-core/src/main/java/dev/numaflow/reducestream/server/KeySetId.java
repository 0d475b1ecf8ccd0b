package dev.numaflow.reducestream.server;

import java.util.List;

/**
 * Identifies a key set within a stream: its window and its keys. Keys are compared as a
 * list, so {@code ["a:b"]} and {@code ["a", "b"]} are different key sets (the SDKs that
 * join keys with {@code ":"} confuse them).
 */
record KeySetId(long startSeconds, int startNanos, long endSeconds, int endNanos, List<String> keys) {

	/** The window alone, without keys. */
	KeySetId window() {
		return new KeySetId(this.startSeconds, this.startNanos, this.endSeconds, this.endNanos, List.of());
	}

	KeySetId withKeys(List<String> keys) {
		return new KeySetId(this.startSeconds, this.startNanos, this.endSeconds, this.endNanos, keys);
	}

}
