package dev.numaflow.reducestream.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The key sets of one stream waiting for room in its response queue, resumed oldest
 * first, each exactly once. A key set parks on its own; a group of turns
 * ({@link KeySetTurns}) parks with every key set it has not yet started, as one entry.
 * Any thread.
 */
final class ParkedKeySets {

	/** {@link KeySet}s (state PARKED) and {@link KeySetTurns} (parked groups). */
	private final Queue<HandlerTask> parked = new ConcurrentLinkedQueue<>();

	void add(KeySet keySet) {
		this.parked.add(keySet);
	}

	void add(KeySetTurns group) {
		this.parked.add(group);
	}

	boolean isEmpty() {
		return this.parked.isEmpty();
	}

	/**
	 * Resume parked key sets, oldest first, until about {@code limit} of them have their
	 * next turn: a parked group counts as the key sets it has left, and goes back to the
	 * pool whole (it parks again if it finds the queue full). Key sets parked on their
	 * own go to the pool as one new group, one hand-off per handler thread, as the key
	 * sets of one transport read do.
	 */
	void resume(int limit) {
		if (limit <= 0) {
			return;
		}
		List<KeySet> resumed = null;
		int budget = limit;
		HandlerTask next;
		while (budget > 0 && (next = this.parked.poll()) != null) {
			if (next instanceof KeySetTurns group) {
				budget -= Math.max(1, group.remaining());
				group.resume();
			}
			else {
				KeySet keySet = (KeySet) next;
				keySet.resumeClaimed();
				if (resumed == null) {
					resumed = new ArrayList<>();
				}
				resumed.add(keySet);
				budget--;
			}
		}
		if (resumed != null) {
			// One writer per stream: every parked key set is the same stream's.
			KeySet[] group = resumed.toArray(new KeySet[0]);
			group[0].stream.dispatcher().submitGroup(group, group.length, group.length);
		}
	}

}
