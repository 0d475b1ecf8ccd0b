package dev.numaflow.reducestream.server;

import org.jspecify.annotations.Nullable;

/**
 * One place of a key set's timer in its clock's queue. A timer that is replaced or
 * cancelled lets go of its entry ({@link #owner} becomes null) instead of searching the
 * queue for it; the clock drops such entries when they come up, or all at once when they
 * are many. A repeating timer puts the same entry back after each firing.
 */
final class TimerEntry {

	/** When it is due, on its clock's time line; changed only while out of the queue. */
	long due;

	/** The clock's tie-breaker: entries due at the same time fire in the order queued. */
	long sequence;

	/** The timer, or null once it let go of this entry. */
	volatile @Nullable KeySetTimer owner;

	TimerEntry(KeySetTimer owner, long due) {
		this.owner = owner;
		this.due = due;
	}

	static int compare(TimerEntry a, TimerEntry b) {
		int byDue = Long.compare(a.due, b.due);
		return (byDue != 0) ? byDue : Long.compare(a.sequence, b.sequence);
	}

}
