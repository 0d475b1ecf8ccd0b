package dev.numaflow.reducestream.server;

import java.util.PriorityQueue;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler of a server's key-set timers ({@code Output.timers()}): a queue of
 * due times that fires each timer by giving its key set a turn, the way a datum does. The
 * server runs its own on wall time unless it is given one; give it a
 * {@link ManualTimerClock} to move time by hand in tests.
 * <p>
 * Firing is a fault boundary: whatever one firing throws is logged and the others still
 * fire.
 */
public abstract sealed class TimerClock permits ManualTimerClock, SystemTimerClock {

	private static final Logger logger = LoggerFactory.getLogger(TimerClock.class);

	/** Below this many let-go entries the queue is not worth rebuilding. */
	private static final int PURGE_THRESHOLD = 1024;

	private final Object monitor = new Object();

	private final PriorityQueue<TimerEntry> queue = new PriorityQueue<>(TimerEntry::compare);

	private long sequence;

	/** Entries let go of while in the queue (an estimate: some had been taken out). */
	private int letGo;

	TimerClock() {
	}

	/** The time line timers are set on, in nanoseconds. */
	abstract long nanoTime();

	/** The guard of the queue, for a clock that waits on it. */
	final Object monitor() {
		return this.monitor;
	}

	/** Queue an entry: its timer's monitor is held, never this clock's. */
	final void schedule(TimerEntry entry) {
		boolean first;
		synchronized (this.monitor) {
			entry.sequence = this.sequence++;
			this.queue.add(entry);
			first = this.queue.peek() == entry;
		}
		if (first) {
			firstChanged();
		}
	}

	/** A timer let go of an entry that may still be queued. */
	final void letGo() {
		synchronized (this.monitor) {
			this.letGo++;
			if (this.letGo > PURGE_THRESHOLD && this.letGo > this.queue.size() / 2) {
				this.queue.removeIf((entry) -> entry.owner == null);
				this.letGo = 0;
			}
		}
	}

	/**
	 * The earliest live entry due at or before {@code now}, taken out of the queue. The
	 * monitor is held.
	 */
	final @Nullable TimerEntry pollDue(long now) {
		TimerEntry entry;
		while ((entry = this.queue.peek()) != null && entry.due - now <= 0) {
			this.queue.poll();
			if (entry.owner != null) {
				return entry;
			}
		}
		return null;
	}

	/**
	 * When the earliest live entry is due, or {@link Long#MAX_VALUE} if none is queued.
	 * The monitor is held.
	 */
	final long nextDue() {
		TimerEntry entry;
		while ((entry = this.queue.peek()) != null && entry.owner == null) {
			this.queue.poll();
		}
		return (entry != null) ? entry.due : Long.MAX_VALUE;
	}

	/** Drop every entry: the timers die with the server. The monitor is held. */
	final void clear() {
		this.queue.clear();
		this.letGo = 0;
	}

	/**
	 * Fire a taken entry, with the monitor not held; a fault boundary.
	 * @return whether its key set got a firing (not merged with one still pending)
	 */
	final boolean fire(TimerEntry entry, long now) {
		KeySetTimer owner = entry.owner;
		if (owner == null) {
			return false;
		}
		try {
			return owner.fire(entry, now);
		}
		catch (Throwable fault) {
			if (fault instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.error("A key set's timer could not fire", Throwables.describable(fault));
			return false;
		}
	}

	/** An entry became the earliest: a clock that waits for it may need to wake. */
	void firstChanged() {
	}

	/** A firing is about to be handed to a key set. */
	void firingStarted() {
	}

	/** A firing was handled: its call returned, or it was dropped. */
	void firingHandled() {
	}

	/** The server stopped: no timer fires any more. */
	void stop() {
		synchronized (this.monitor) {
			clear();
		}
	}

}
