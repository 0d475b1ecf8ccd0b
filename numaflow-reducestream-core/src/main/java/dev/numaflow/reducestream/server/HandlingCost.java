package dev.numaflow.reducestream.server;

import java.util.concurrent.TimeUnit;

/**
 * What one item of a key set's turn (a datum, a timer firing, the end of input) has been
 * taking, as the server has seen it: sizes how widely a group of turns is spread over the
 * handler pool ({@link Dispatcher#submitCopies}). Waking a handler thread costs a context
 * switch on both sides; a group whose items all run in well under a millisecond is
 * cheaper on one thread than spread over several, while code that is slow or blocks needs
 * every thread the pool has.
 * <p>
 * A run of a group on one handler thread is timed by the wall clock, so that code that
 * blocks counts as slow. A run is also slow when its thread was merely descheduled, which
 * on a busy machine is common: a run counts as the quicker of itself and the run before
 * it, so one slow run alone changes nothing. The estimate rises at once to a slower count
 * (a streamer that starts to block spreads again from its second slow run on) and falls
 * back slowly, an eighth of the way per run. Until the first run it is unknown, and
 * groups spread as widely as they can. Written by handler threads at the end of each run,
 * read by the dispatcher: a lost update between racing writers only delays the estimate.
 */
final class HandlingCost {

	/** The work one more handler thread must have before it is woken for a group. */
	static final long WORK_PER_COPY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private static final long UNKNOWN = -1;

	private volatile long nanosPerItem = UNKNOWN;

	/** The previous run's time per item. */
	private volatile long previous = UNKNOWN;

	/**
	 * A run of a group ended.
	 * @param nanos how long it took
	 * @param items the items its turns took
	 */
	void observed(long nanos, int items) {
		if (items <= 0 || nanos < 0) {
			return;
		}
		long perItem = nanos / items;
		long before = this.previous;
		this.previous = perItem;
		long counted = (before == UNKNOWN) ? perItem : Math.min(perItem, before);
		long estimate = this.nanosPerItem;
		if (estimate == UNKNOWN || counted >= estimate) {
			this.nanosPerItem = counted;
		}
		else {
			this.nanosPerItem = estimate - (estimate - counted) / 8;
		}
	}

	/**
	 * How many handler threads a group should be handed to.
	 * @param items the items waiting in the group's key sets (at least one each)
	 * @param keySets the key sets of the group
	 * @param threads the handler threads
	 * @return between 1 and the smaller of {@code keySets} and {@code threads}
	 */
	int copies(long items, int keySets, int threads) {
		int most = Math.max(1, Math.min(keySets, threads));
		long estimate = this.nanosPerItem;
		if (estimate == UNKNOWN) {
			return most;
		}
		long count = Math.max(items, keySets);
		if (estimate > 0 && count > Long.MAX_VALUE / estimate) {
			return most;
		}
		long work = count * estimate;
		long wanted = 1 + (work - 1) / WORK_PER_COPY_NANOS;
		return (int) Math.max(1, Math.min(most, wanted));
	}

	/** The current estimate in nanoseconds, or -1 before the first observation. */
	long nanosPerItem() {
		return this.nanosPerItem;
	}

}
