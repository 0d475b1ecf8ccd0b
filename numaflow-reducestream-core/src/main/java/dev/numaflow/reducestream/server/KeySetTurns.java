package dev.numaflow.reducestream.server;

import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn each for a group of key sets that became ready in the same transport read,
 * already claimed. The same task is submitted to the handler pool up to once per handler
 * thread; each copy takes the next key set not yet taken, so the group is spread over the
 * pool with one hand-off per thread instead of one per key set, and a key set whose code
 * blocks holds up only its own copy. A key set's turn is its own fault boundary, so one
 * key set cannot cost the others theirs.
 */
final class KeySetTurns implements HandlerTask {

	private static final Logger logger = LoggerFactory.getLogger(KeySetTurns.class);

	private final KeySet[] keySets;

	private final int count;

	private final AtomicInteger next = new AtomicInteger();

	KeySetTurns(KeySet[] keySets, int count) {
		this.keySets = keySets;
		this.count = count;
	}

	@Override
	public void run() {
		int index;
		while ((index = this.next.getAndIncrement()) < this.count) {
			try {
				this.keySets[index].run();
			}
			catch (Throwable ex) {
				// Only if even the turn's own fault handling failed (an error of the
				// JVM):
				// the other key sets of the group still get their turns.
				logger.error("A key set's turn failed", ex);
			}
		}
	}

	@Override
	public void dropped() {
		int index;
		while ((index = this.next.getAndIncrement()) < this.count) {
			this.keySets[index].dropped();
		}
	}

}
