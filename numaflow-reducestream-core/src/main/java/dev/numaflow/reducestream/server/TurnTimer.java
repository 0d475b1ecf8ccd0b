package dev.numaflow.reducestream.server;

/**
 * The handler timer of one turn, one per handler thread: the end of one item is the start
 * of the next, so each item costs one clock read. The times are handed to the listener
 * when the turn ends, so that no item's time holds the recording of the one before.
 */
final class TurnTimer {

	private static final ThreadLocal<TurnTimer> CURRENT = ThreadLocal.withInitial(TurnTimer::new);

	private final long[] times = new long[KeySet.ITEMS_PER_TURN];

	private int count;

	private long itemStart;

	private TurnTimer() {
	}

	/** The calling thread's timer, started. */
	static TurnTimer start() {
		TurnTimer timer = CURRENT.get();
		timer.count = 0;
		timer.itemStart = System.nanoTime();
		return timer;
	}

	/** Start the current item again: what came before was not the streamer's time. */
	void restart() {
		this.itemStart = System.nanoTime();
	}

	/** The current item ended. */
	void lap() {
		long now = System.nanoTime();
		if (this.count < this.times.length) {
			this.times[this.count++] = now - this.itemStart;
		}
		this.itemStart = now;
	}

	/** Hand the times noted so far to the listener (which is guarded). */
	void flush(ReduceStreamListener listener) {
		int noted = this.count;
		this.count = 0;
		for (int i = 0; i < noted; i++) {
			listener.handlerCompleted(this.times[i]);
		}
	}

}
