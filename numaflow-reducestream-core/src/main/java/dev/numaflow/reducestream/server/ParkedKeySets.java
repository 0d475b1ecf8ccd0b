package dev.numaflow.reducestream.server;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The key sets of one stream waiting for room in its response queue, resumed oldest
 * first, each exactly once. Any thread.
 */
final class ParkedKeySets {

	private final Queue<KeySet> parked = new ConcurrentLinkedQueue<>();

	void add(KeySet keySet) {
		this.parked.add(keySet);
	}

	boolean isEmpty() {
		return this.parked.isEmpty();
	}

	/** Resume up to {@code limit} key sets (each gets its next turn). */
	void resume(int limit) {
		KeySet keySet;
		for (int resumed = 0; resumed < limit && (keySet = this.parked.poll()) != null; resumed++) {
			keySet.resume();
		}
	}

}
