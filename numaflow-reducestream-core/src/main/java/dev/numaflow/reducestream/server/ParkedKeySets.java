package dev.numaflow.reducestream.server;

import java.util.ArrayList;
import java.util.List;
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

	/**
	 * Resume up to {@code limit} key sets (each gets its next turn). Several at once go
	 * to the handler pool as one group, one hand-off per handler thread, as the key sets
	 * of one transport read do: when a window closes on many key sets, most of them park
	 * behind the results of the others, and one hand-off each would cost more than their
	 * turns.
	 */
	void resume(int limit) {
		if (limit <= 0) {
			return;
		}
		KeySet first = this.parked.poll();
		if (first == null) {
			return;
		}
		KeySet second = (limit > 1) ? this.parked.poll() : null;
		if (second == null) {
			first.resume();
			return;
		}
		List<KeySet> resumed = new ArrayList<>();
		resumed.add(first);
		resumed.add(second);
		KeySet keySet;
		while (resumed.size() < limit && (keySet = this.parked.poll()) != null) {
			resumed.add(keySet);
		}
		KeySet[] group = resumed.toArray(new KeySet[0]);
		for (KeySet each : group) {
			each.resumeClaimed();
		}
		// One writer per stream: every parked key set is the same stream's.
		first.stream.dispatcher().submitGroup(group, group.length);
	}

}
