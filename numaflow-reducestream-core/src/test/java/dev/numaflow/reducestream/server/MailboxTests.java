package dev.numaflow.reducestream.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The key set's single-producer, single-consumer mailbox: order across its chained
 * arrays, growth, publication, and one producer against a consumer whose turns move
 * between threads under a claim flag, as {@link KeySetWorker} uses it.
 */
class MailboxTests {

	@Test
	void itemsAreInvisibleUntilPublished() {
		Mailbox mailbox = new Mailbox();
		mailbox.add("a");
		assertThat(mailbox.hasUnpublished()).isTrue();
		assertThat(mailbox.poll()).isNull();
		assertThat(mailbox.publish()).isTrue();
		assertThat(mailbox.publish()).isFalse();
		assertThat(mailbox.poll()).isEqualTo("a");
		assertThat(mailbox.poll()).isNull();
		assertThat(mailbox.consumed()).isEqualTo(1);
		assertThat(mailbox.published()).isEqualTo(1);
	}

	@Test
	void keepsOrderAcrossArraysAsTheyGrowAndWhenDrainedAtEveryArrayEdge() {
		Mailbox mailbox = new Mailbox();
		int next = 0;
		int expected = 0;
		// Batches of every size from 1 to 70, so a drain ends on, before and after each
		// array boundary (4, 8, 16, ... 1024, then 1024 each), over 2,485 items.
		for (int batch = 1; batch <= 70; batch++) {
			for (int i = 0; i < batch; i++) {
				mailbox.add(next++);
			}
			mailbox.publish();
			Object item;
			while ((item = mailbox.poll()) != null) {
				assertThat(item).isEqualTo(expected++);
			}
			assertThat(expected).isEqualTo(next);
		}
		// Growth up to and past the largest array in one batch.
		for (int i = 0; i < 5000; i++) {
			mailbox.add(next++);
		}
		mailbox.publish();
		Object item;
		while ((item = mailbox.poll()) != null) {
			assertThat(item).isEqualTo(expected++);
		}
		assertThat(expected).isEqualTo(next);
	}

	@Test
	void clearDropsOnlyPublishedItems() {
		Mailbox mailbox = new Mailbox();
		for (int i = 0; i < 10; i++) {
			mailbox.add(i);
		}
		mailbox.publish();
		mailbox.add(10);
		mailbox.clear();
		assertThat(mailbox.poll()).isNull();
		mailbox.publish();
		assertThat(mailbox.poll()).isEqualTo(10);
	}

	/**
	 * The producer adds in batches, publishes, then claims a turn; a turn runs on a pool
	 * thread, takes at most a few items, clears the claim and re-schedules itself if it
	 * sees more published: no item is lost, duplicated or reordered, and no wake-up is
	 * lost.
	 */
	@Test
	void oneProducerAndTurnsOnManyThreadsLoseNothing() throws Exception {
		int total = 300_000;
		ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			Consumer consumer = new Consumer(pool);
			int next = 0;
			while (next < total) {
				int batch = 1 + (next % 37);
				for (int i = 0; i < batch && next < total; i++) {
					consumer.mailbox.add(next++);
				}
				consumer.mailbox.publish();
				consumer.schedule();
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> consumer.taken.get() == total);
			synchronized (consumer.errors) {
				assertThat(consumer.errors).isEmpty();
			}
			assertThat(consumer.taken.get()).isEqualTo(total);
		}
		finally {
			pool.shutdownNow();
			assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	private static final class Consumer implements Runnable {

		final Mailbox mailbox = new Mailbox();

		final AtomicInteger scheduled = new AtomicInteger();

		final AtomicInteger taken = new AtomicInteger();

		final List<String> errors = new ArrayList<>();

		private final ExecutorService pool;

		private int expected;

		Consumer(ExecutorService pool) {
			this.pool = pool;
		}

		void schedule() {
			if (this.scheduled.compareAndSet(0, 1)) {
				this.pool.execute(this);
			}
		}

		@Override
		public void run() {
			for (int i = 0; i < 16; i++) {
				Object item = this.mailbox.poll();
				if (item == null) {
					break;
				}
				if (!item.equals(this.expected)) {
					synchronized (this.errors) {
						this.errors.add("expected " + this.expected + " got " + item);
					}
				}
				this.expected++;
				this.taken.incrementAndGet();
			}
			long seen = this.mailbox.consumed();
			this.scheduled.set(0);
			if (this.mailbox.published() != seen) {
				schedule();
			}
		}

	}

}
