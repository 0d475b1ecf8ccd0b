package dev.numaflow.reducestream.server;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Control;

/**
 * A key set's queue with its producer (the transport thread) and its consumer (a handler
 * thread) on two threads: {@link Mailbox} (a batch of adds, one publish) against
 * {@link ConcurrentLinkedQueue} (a node and a CAS per offer and per poll). One operation
 * moves a batch of {@value #BATCH} items; the producer waits while {@value #MAX_BACKLOG}
 * items are not yet taken, so the queue stays bounded.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MailboxBenchmark {

	static final int BATCH = 64;

	static final int MAX_BACKLOG = BATCH * 64;

	private static final Object ITEM = new Object();

	/** The queue under test, and how far the consumer got. */
	@State(Scope.Group)
	public static class Queues {

		final Mailbox mailbox = new Mailbox();

		final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();

		/** Items the producer added: producer only. */
		long produced;

		/** Items the consumer took, written once per batch. */
		final AtomicLong consumed = new AtomicLong();

		/** Consumer only. */
		long taken;

		boolean backlogged(Control control) {
			while (this.produced - this.consumed.get() >= MAX_BACKLOG) {
				if (control.stopMeasurement) {
					return true;
				}
				Thread.onSpinWait();
			}
			return false;
		}

	}

	/**
	 * Producer: {@value #BATCH} adds, then one publish.
	 * @param queues the mailbox
	 * @param control the harness's stop flag
	 */
	@Benchmark
	@Group("mailbox")
	@GroupThreads(1)
	public void mailboxProduce(Queues queues, Control control) {
		if (queues.backlogged(control)) {
			return;
		}
		Mailbox mailbox = queues.mailbox;
		for (int i = 0; i < BATCH; i++) {
			mailbox.add(ITEM);
		}
		mailbox.publish();
		queues.produced += BATCH;
	}

	/**
	 * Consumer: polls until it has taken {@value #BATCH} items.
	 * @param queues the mailbox
	 * @param control the harness's stop flag
	 */
	@Benchmark
	@Group("mailbox")
	@GroupThreads(1)
	public void mailboxConsume(Queues queues, Control control) {
		Mailbox mailbox = queues.mailbox;
		int got = 0;
		while (got < BATCH) {
			if (mailbox.poll() != null) {
				got++;
			}
			else if (control.stopMeasurement) {
				return;
			}
			else {
				Thread.onSpinWait();
			}
		}
		queues.taken += BATCH;
		queues.consumed.lazySet(queues.taken);
	}

	/**
	 * Producer: {@value #BATCH} offers.
	 * @param queues the queue
	 * @param control the harness's stop flag
	 */
	@Benchmark
	@Group("concurrentLinkedQueue")
	@GroupThreads(1)
	public void queueProduce(Queues queues, Control control) {
		if (queues.backlogged(control)) {
			return;
		}
		ConcurrentLinkedQueue<Object> queue = queues.queue;
		for (int i = 0; i < BATCH; i++) {
			queue.offer(ITEM);
		}
		queues.produced += BATCH;
	}

	/**
	 * Consumer: polls until it has taken {@value #BATCH} items.
	 * @param queues the queue
	 * @param control the harness's stop flag
	 */
	@Benchmark
	@Group("concurrentLinkedQueue")
	@GroupThreads(1)
	public void queueConsume(Queues queues, Control control) {
		ConcurrentLinkedQueue<Object> queue = queues.queue;
		int got = 0;
		while (got < BATCH) {
			if (queue.poll() != null) {
				got++;
			}
			else if (control.stopMeasurement) {
				return;
			}
			else {
				Thread.onSpinWait();
			}
		}
		queues.taken += BATCH;
		queues.consumed.lazySet(queues.taken);
	}

	/**
	 * The structures used by one thread alone: their own instructions, no cache line
	 * moving.
	 */
	@State(Scope.Thread)
	public static class Alone {

		final Mailbox mailbox = new Mailbox();

		final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();

	}

	/**
	 * One thread: {@value #BATCH} adds, one publish, {@value #BATCH} polls.
	 * @param alone the mailbox
	 * @return the items taken
	 */
	@Benchmark
	public int mailboxOneThread(Alone alone) {
		Mailbox mailbox = alone.mailbox;
		for (int i = 0; i < BATCH; i++) {
			mailbox.add(ITEM);
		}
		mailbox.publish();
		int taken = 0;
		while (mailbox.poll() != null) {
			taken++;
		}
		return taken;
	}

	/**
	 * One thread: {@value #BATCH} offers, {@value #BATCH} polls.
	 * @param alone the queue
	 * @return the items taken
	 */
	@Benchmark
	public int queueOneThread(Alone alone) {
		ConcurrentLinkedQueue<Object> queue = alone.queue;
		for (int i = 0; i < BATCH; i++) {
			queue.offer(ITEM);
		}
		int taken = 0;
		while (queue.poll() != null) {
			taken++;
		}
		return taken;
	}

}
