package dev.numaflow.reducestream.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link TransportTurns} on a real Netty event loop: turns handed over from other threads
 * run on the loop in order, a turn handed over during another runs after it, and a turn
 * whose loop refuses it or ends before taking it is released exactly once.
 */
class TransportTurnsTests {

	private final DefaultEventLoop loop = new DefaultEventLoop();

	private final TransportTurns turns = new TransportTurns(this.loop);

	private final List<String> events = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopLoop() {
		this.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
	}

	@Test
	void turnsHandedOverFromAnotherThreadRunOnTheLoopInOrder() {
		for (int i = 0; i < 100; i++) {
			this.turns.execute(new Turn("t" + i));
		}
		await().until(() -> this.events.size() == 100);
		assertThat(this.events)
			.containsExactlyElementsOf(IntStream.range(0, 100).mapToObj((i) -> "ran t" + i + " on loop").toList());
	}

	@Test
	void aTurnHandedOverWhileOneRunsRunsAfterIt() {
		this.turns.execute(new Turn("outer") {
			@Override
			public void run() {
				TransportTurnsTests.this.events.add("outer starts");
				TransportTurnsTests.this.turns.execute(new Turn("inner"));
				TransportTurnsTests.this.events.add("outer ends");
			}
		});
		await().until(() -> this.events.size() == 3);
		assertThat(this.events).containsExactly("outer starts", "outer ends", "ran inner on loop");
	}

	@Test
	void turnsTheLoopNeverTookAreReleasedOnceAndNeverRun() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Future<?> blocker = this.loop.submit(() -> {
			release.await();
			return null;
		});
		this.turns.execute(new Turn("a"));
		this.turns.execute(new Turn("b"));
		// As after the transport stopped without taking them.
		this.turns.dropLeftovers();
		this.turns.dropLeftovers();
		assertThat(this.events).containsExactly("dropped a", "dropped b");
		release.countDown();
		blocker.get(10, TimeUnit.SECONDS);
		// The loop's task finds nothing left: neither turn runs as well.
		this.loop.submit(() -> this.events.add("loop went on")).get(10, TimeUnit.SECONDS);
		assertThat(this.events).containsExactly("dropped a", "dropped b", "loop went on");
	}

	@Test
	void aLoopThatIsShutDownRefusesAndTheCallerReleasesTheTurn() {
		this.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
		Turn refused = new Turn("refused");
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> this.turns.execute(refused));
		// Not left behind as well: the caller, told of the refusal, releases it.
		this.turns.dropLeftovers();
		assertThat(this.events).isEmpty();
	}

	/** Records where it ran, or that it was dropped. */
	private class Turn implements HandlerTask {

		private final String name;

		Turn(String name) {
			this.name = name;
		}

		@Override
		public void run() {
			TransportTurnsTests.this.events
				.add("ran " + this.name + (TransportTurnsTests.this.loop.inEventLoop() ? " on loop" : " elsewhere"));
		}

		@Override
		public void dropped() {
			TransportTurnsTests.this.events.add("dropped " + this.name);
		}

	}

}
