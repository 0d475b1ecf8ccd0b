package dev.numaflow.reducestream.server;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn each for a group of one stream's key sets, already claimed: those that became
 * ready in the same transport read, or were resumed together. The same task is submitted
 * to the handler pool once or more, up to once per handler thread, as its items are worth
 * ({@link HandlingCost}); each copy takes the next key set not yet taken, so the group is
 * spread over the pool with one hand-off per copy instead of one per key set, and each
 * copy reports how long its turns took per item, which sizes the next groups. A key set
 * whose code blocks holds up only its own copy: a group on fewer threads than it could
 * use is watched by the transport loop, which hands it one more copy whenever none of its
 * key sets has started a turn for {@link Dispatcher#WATCH_MILLIS} ms. A key set's turn is
 * its own fault boundary, so one key set cannot cost the others theirs.
 * <p>
 * While the stream's response queue is full, the group parks as a whole before its next
 * key set ({@link ResponseWriter#park(KeySetTurns)}) instead of starting each key set
 * only for it to park on its own: when a window closes on 100,000 key sets, that is one
 * parked entry instead of 100,000. The key sets not yet taken stay claimed by the group.
 */
final class KeySetTurns implements HandlerTask {

	private static final Logger logger = LoggerFactory.getLogger(KeySetTurns.class);

	private final KeySet[] keySets;

	private final int count;

	private final ResponseWriter responses;

	private final HandlingCost cost;

	/** The transport thread's turn runner, when the group runs there. */
	private final @Nullable TransportTurns onTransport;

	private final AtomicInteger next = new AtomicInteger();

	/** Set by the copy that parks the group, until the group is resumed. */
	private final AtomicBoolean parked = new AtomicBoolean();

	/**
	 * While narrowed (handed to fewer threads than it could use): the copies handed over,
	 * the most it may have, and the key sets started at the last look. The transport
	 * loop's.
	 */
	private int copies;

	private int mostCopies;

	private int lastSeen;

	/** On the dispatcher's watch list. */
	private boolean watched;

	KeySetTurns(KeySet[] keySets, int count) {
		this.keySets = keySets;
		this.count = count;
		this.responses = keySets[0].stream.responses();
		this.cost = keySets[0].stream.context().handlingCost();
		this.onTransport = keySets[0].stream.dispatcher().onTransport();
	}

	@Override
	public void run() {
		if (this.onTransport != null) {
			// One thread runs every copy: nothing to size.
			runTurns();
			return;
		}
		long start = System.nanoTime();
		int items = 0;
		try {
			items = runTurns();
		}
		finally {
			this.cost.observed(System.nanoTime() - start, items);
		}
	}

	/** The turns of this copy: returns the items they took. */
	private int runTurns() {
		int items = 0;
		while (this.next.get() < this.count) {
			if (this.responses.isSaturated()) {
				// One copy parks the group; the others stop here. Until the group is
				// resumed, the key sets not taken are the parked entry's.
				if (this.parked.compareAndSet(false, true)) {
					this.responses.park(this);
				}
				return items;
			}
			int index = this.next.getAndIncrement();
			if (index >= this.count) {
				return items;
			}
			TransportTurns transport = this.onTransport;
			if (transport != null) {
				transport.nextKeySet();
			}
			try {
				items += this.keySets[index].runTurn();
			}
			catch (Throwable ex) {
				// Only if even the turn's own fault handling failed (an error of the
				// JVM): the other key sets of the group still get their turns.
				logger.error("A key set's turn failed", ex);
			}
		}
		return items;
	}

	/**
	 * Handed to fewer threads than it could use, and watched. Transport loop only.
	 * @return whether the group is to be added to the watch list (it is not on it yet)
	 */
	boolean narrowed(int copies, int mostCopies) {
		this.copies = copies;
		this.mostCopies = mostCopies;
		this.lastSeen = this.next.get();
		// A group resumed before the watch let it go is on the list already.
		boolean added = !this.watched;
		this.watched = true;
		return added;
	}

	/** Off the dispatcher's watch list. Transport loop only. */
	void unwatched() {
		this.watched = false;
	}

	/**
	 * Whether another copy could help: key sets wait, the group is not parked, and it has
	 * fewer copies than it may. Transport loop only.
	 */
	boolean canWiden() {
		return this.next.get() < this.count && !this.parked.get() && this.copies < this.mostCopies;
	}

	/** Whether no key set has started a turn since the last look. Transport loop only. */
	boolean stalled() {
		int started = this.next.get();
		boolean stalled = started == this.lastSeen;
		this.lastSeen = started;
		return stalled;
	}

	/** One more copy was handed over. Transport loop only. */
	void widened() {
		this.copies++;
	}

	/** The key sets not yet taken. */
	int remaining() {
		return Math.max(0, this.count - this.next.get());
	}

	/** Parked no more: back to the pool, as a group of its remaining key sets. */
	void resume() {
		this.parked.set(false);
		int remaining = remaining();
		this.keySets[0].stream.dispatcher().submitCopies(this, remaining, remaining);
	}

	@Override
	public void dropped() {
		int index;
		while ((index = this.next.getAndIncrement()) < this.count) {
			this.keySets[index].dropped();
		}
	}

}
