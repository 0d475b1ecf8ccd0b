package dev.numaflow.reducestream.server;

import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn each for a group of key sets that became ready in the same transport read,
 * already claimed (see {@link KeySetWorker#claim()}). The same task is submitted to the
 * handler pool up to once per handler thread; each copy takes the next key set not yet
 * taken, so the group is spread over the pool with one hand-off per thread instead of one
 * per key set, and a key set whose code blocks holds up only its own copy.
 */
final class KeySetTurns implements HandlerTask {

	private static final Logger logger = LoggerFactory.getLogger(KeySetTurns.class);

	private final KeySetWorker[] workers;

	private final int count;

	private final AtomicInteger next = new AtomicInteger();

	KeySetTurns(KeySetWorker[] workers, int count) {
		this.workers = workers;
		this.count = count;
	}

	@Override
	public void run() {
		int index;
		while ((index = this.next.getAndIncrement()) < this.count) {
			KeySetWorker worker = this.workers[index];
			try {
				worker.run();
			}
			catch (RuntimeException ex) {
				// KeySetWorker handles user code failures itself: this is a defect of
				// ours, and the other key sets of the group must still get their turn.
				logger.error("A key set's turn failed", ex);
			}
		}
	}

	@Override
	public void dropped() {
		int index;
		while ((index = this.next.getAndIncrement()) < this.count) {
			this.workers[index].dropped();
		}
	}

}
