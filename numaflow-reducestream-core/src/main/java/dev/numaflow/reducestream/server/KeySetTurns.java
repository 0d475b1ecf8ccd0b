package dev.numaflow.reducestream.server;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn each for a group of one stream's key sets, already claimed: those that became
 * ready in the same transport read, or were resumed together. The same task is submitted
 * to the handler pool up to once per handler thread; each copy takes the next key set not
 * yet taken, so the group is spread over the pool with one hand-off per thread instead of
 * one per key set, and a key set whose code blocks holds up only its own copy. A key
 * set's turn is its own fault boundary, so one key set cannot cost the others theirs.
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

	private final AtomicInteger next = new AtomicInteger();

	/** Set by the copy that parks the group, until the group is resumed. */
	private final AtomicBoolean parked = new AtomicBoolean();

	KeySetTurns(KeySet[] keySets, int count) {
		this.keySets = keySets;
		this.count = count;
		this.responses = keySets[0].stream.responses();
	}

	@Override
	public void run() {
		while (this.next.get() < this.count) {
			if (this.responses.isSaturated()) {
				// One copy parks the group; the others stop here. Until the group is
				// resumed, the key sets not taken are the parked entry's.
				if (this.parked.compareAndSet(false, true)) {
					this.responses.park(this);
				}
				return;
			}
			int index = this.next.getAndIncrement();
			if (index >= this.count) {
				return;
			}
			try {
				this.keySets[index].run();
			}
			catch (Throwable ex) {
				// Only if even the turn's own fault handling failed (an error of the
				// JVM): the other key sets of the group still get their turns.
				logger.error("A key set's turn failed", ex);
			}
		}
	}

	/** The key sets not yet taken. */
	int remaining() {
		return Math.max(0, this.count - this.next.get());
	}

	/** Parked no more: back to the pool, once per handler thread at most. */
	void resume() {
		this.parked.set(false);
		this.keySets[0].stream.dispatcher().submitCopies(this, remaining());
	}

	@Override
	public void dropped() {
		int index;
		while ((index = this.next.getAndIncrement()) < this.count) {
			this.keySets[index].dropped();
		}
	}

}
