package dev.numaflow.reducestream.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A group of quick items handed to fewer handler threads than it could use is watched by
 * the transport loop: when none of its key sets starts a turn for a while (the copies are
 * all inside a turn that blocks), it gets another thread, up to one per handler thread.
 * The stream is driven on a real event loop (NIO's), as a socket's is; the handler pool
 * is the test's, so that a copy that is never run stands for one that blocks.
 */
class NarrowedGroupWatchTests {

	private static final Duration LONG_ENOUGH = Duration.ofSeconds(10);

	private EventLoopGroup transport;

	private EventLoop loop;

	private StreamHarness harness;

	@BeforeEach
	void start() throws Exception {
		this.transport = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		this.loop = this.transport.next();
		this.harness = onLoop(() -> new StreamHarness(4, 64, 64, this.transport));
		// Two quick runs: groups of a read now go to one thread.
		this.harness.context.handlingCost().observed(1_000, 10);
		this.harness.context.handlingCost().observed(1_000, 10);
	}

	@AfterEach
	void stop() {
		this.transport.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

	private <T> T onLoop(Callable<T> work) throws Exception {
		return this.loop.submit(work).get(10, TimeUnit.SECONDS);
	}

	/** Datums for key sets in one read, on the loop: the dispatch follows as its task. */
	private void readOnLoop(String... keys) throws Exception {
		onLoop(() -> {
			for (String key : keys) {
				this.harness.append(key, "x");
			}
			return null;
		});
	}

	private int queued() throws Exception {
		return onLoop(() -> this.harness.executor.queued().size());
	}

	@Test
	void aGroupOfQuickItemsGoesToOneThreadFirst() throws Exception {
		readOnLoop("a", "b", "c", "d", "e");
		List<Runnable> queued = onLoop(() -> this.harness.executor.queued());
		assertThat(queued).hasSize(1).allSatisfy((task) -> assertThat(task).isInstanceOf(KeySetTurns.class));
	}

	@Test
	void aGroupOfSlowItemsGoesToEveryHandlerThreadAtOnce() throws Exception {
		this.harness.context.handlingCost().observed(50_000_000, 10);
		this.harness.context.handlingCost().observed(50_000_000, 10);
		readOnLoop("a", "b", "c", "d", "e");
		assertThat(queued()).isEqualTo(4);
	}

	@Test
	void aGroupWhoseKeySetsStopStartingGetsAnotherThreadAtEachLookUpToOnePerHandlerThread() throws Exception {
		readOnLoop("a", "b", "c", "d", "e");
		// No copy runs: no key set starts, as when the first one blocks.
		await().atMost(LONG_ENOUGH).until(this::queued, (count) -> count == 4);
		await().during(Duration.ofMillis(5 * Dispatcher.WATCH_MILLIS))
			.atMost(LONG_ENOUGH)
			.until(this::queued, (count) -> count == 4);
		List<Runnable> queued = onLoop(() -> this.harness.executor.queued());
		assertThat(queued).allSatisfy((task) -> assertThat(task).isSameAs(queued.get(0)));
		onLoop(() -> this.harness.executor.runAll());
		assertThat(this.harness.events).containsExactly("create:[a]", "create:[b]", "create:[c]", "create:[d]",
				"create:[e]");
	}

	@Test
	void aGroupThatIsTakenWholeGetsNoOtherThread() throws Exception {
		readOnLoop("a", "b", "c", "d", "e");
		onLoop(() -> this.harness.executor.runAll());
		await().during(Duration.ofMillis(5 * Dispatcher.WATCH_MILLIS))
			.atMost(LONG_ENOUGH)
			.until(this::queued, (count) -> count == 0);
		assertThat(this.harness.events).hasSize(5);
	}

	@Test
	void aGroupNarrowedAgainBeforeTheWatchLetItGoIsWatchedOnce() {
		KeySet[] keySets = { this.harness.newKeySet("a"), this.harness.newKeySet("b") };
		KeySetTurns turns = new KeySetTurns(keySets, 2);
		assertThat(turns.narrowed(1, 2)).isTrue();
		// Parked, then resumed and narrowed again while still on the list.
		assertThat(turns.narrowed(1, 2)).isFalse();
		turns.unwatched();
		assertThat(turns.narrowed(1, 2)).isTrue();
	}

	@Test
	void aGroupOfAStreamThatEndedGetsNoOtherThread() throws Exception {
		readOnLoop("a", "b", "c", "d", "e");
		onLoop(() -> {
			this.harness.stream.onError(new RuntimeException("the client went away"));
			return null;
		});
		await().during(Duration.ofMillis(5 * Dispatcher.WATCH_MILLIS))
			.atMost(LONG_ENOUGH)
			.until(this::queued, (count) -> count == 1);
	}

}
