package dev.numaflow.reducestream.server;

import java.util.Arrays;
import java.util.List;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The hand-off of ready key sets to the handler pool: batched per read, one task per
 * handler thread at most and fewer for quick items, and a refused or failed hand-off as a
 * fault boundary.
 */
class DispatcherTests {

	/** Key sets with a datum each, made ready in one read of the stream's dispatcher. */
	private static List<KeySet> readyInOneRead(StreamHarness harness, String... keys) {
		List<KeySet> keySets = Arrays.stream(keys).map(harness::newKeySet).toList();
		for (KeySet keySet : keySets) {
			keySet.add(StreamHarness.datum(keySet, "x"));
			harness.stream.dispatcher().ready(keySet);
		}
		harness.stream.dispatcher().requestDone();
		return keySets;
	}

	@Test
	void aSingleReadyKeySetIsHandedOverAsItself() {
		StreamHarness harness = new StreamHarness(2, 64, 64);
		List<KeySet> keySets = readyInOneRead(harness, "a");
		assertThat(harness.executor.queued()).containsExactlyElementsOf(keySets);
	}

	@Test
	void keySetsReadyInOneReadAreHandedOverAsOneTaskPerHandlerThread() {
		StreamHarness harness = new StreamHarness(2, 64, 64);
		readyInOneRead(harness, "a", "b", "c", "d", "e");
		List<Runnable> queued = harness.executor.queued();
		assertThat(queued).hasSize(2).allSatisfy((task) -> assertThat(task).isInstanceOf(KeySetTurns.class));
		assertThat(queued.get(0)).isSameAs(queued.get(1));
	}

	@Test
	void fewerKeySetsThanHandlerThreadsAreHandedOverOnceEach() {
		StreamHarness harness = new StreamHarness(8, 64, 64);
		readyInOneRead(harness, "a", "b", "c");
		assertThat(harness.executor.queued()).hasSize(3);
	}

	@Test
	void withoutATransportLoopToWatchThemKeySetsOfQuickItemsAreStillHandedOverOncePerHandlerThread() {
		// The test kit's in-process transport: no loop watches a group that blocks, so
		// none is narrowed (NarrowedGroupWatchTests has those on a loop).
		StreamHarness harness = new StreamHarness(4, 64, 64);
		harness.context.handlingCost().observed(1_000, 10);
		harness.context.handlingCost().observed(1_000, 10);
		readyInOneRead(harness, "a", "b", "c", "d", "e");
		assertThat(harness.executor.queued()).hasSize(4);
	}

	@Test
	void aGroupsRunTellsTheCostHowManyItemsItTook() {
		StreamHarness harness = new StreamHarness(2, 64, 64);
		readyInOneRead(harness, "a", "b", "c");
		assertThat(harness.context.handlingCost().nanosPerItem()).isEqualTo(-1);
		harness.executor.runAll();
		assertThat(harness.context.handlingCost().nanosPerItem()).isNotNegative();
	}

	@Test
	void everyKeySetOfABatchHasOneTurn() {
		StreamHarness harness = new StreamHarness(2, 64, 64);
		readyInOneRead(harness, "a", "b", "c", "d", "e");
		harness.executor.runAll();
		assertThat(harness.events).containsExactly("create:[a]", "create:[b]", "create:[c]", "create:[d]",
				"create:[e]");
	}

	@Test
	void aClaimedKeySetIsNotHandedOverAgain() {
		StreamHarness harness = new StreamHarness(2, 64, 64);
		harness.append("a", "1");
		harness.append("a", "2");
		assertThat(harness.executor.queued()).hasSize(1);
	}

	@Test
	void aRefusedHandOffDoesNotEscapeTheRequestCallback() {
		StreamHarness harness = new StreamHarness();
		harness.executor.mode(ControllableExecutor.Mode.REJECT);
		assertThatNoException().isThrownBy(() -> harness.append("a", "x"));
	}

	@Test
	void aRefusedHandOffEndsTheStreamWithUnavailable() {
		StreamHarness harness = new StreamHarness();
		harness.executor.mode(ControllableExecutor.Mode.REJECT);
		harness.append("a", "x");
		assertThat(harness.call.ends()).extracting(Status::getCode).containsExactly(Status.Code.UNAVAILABLE);
	}

	@Test
	void aRefusedHandOffReleasesTheKeySetsOnTheCallingThread() {
		StreamHarness harness = new StreamHarness(2, 64, 64);
		harness.append("a", "x");
		harness.append("b", "x");
		harness.append("c", "x");
		harness.executor.runAll();
		harness.executor.mode(ControllableExecutor.Mode.REJECT);
		// The half-close makes all three ready in one read: one batch, refused.
		harness.halfClose();
		assertThat(harness.keySets()).allSatisfy((keySet) -> assertThat(keySet.state()).isEqualTo(KeySet.DONE));
		assertThat(harness.events).contains("release:[a]", "release:[b]", "release:[c]");
		assertThat(harness.executor.queued()).isEmpty();
	}

	@Test
	void anExecutorThatThrowsAnErrorEndsTheStreamWithInternal() {
		StreamHarness harness = new StreamHarness();
		harness.executor.mode(ControllableExecutor.Mode.THROW_ERROR);
		harness.append("a", "x");
		assertThat(harness.call.ends()).extracting(Status::getCode).containsExactly(Status.Code.INTERNAL);
	}

	@Test
	void anExecutorThatThrowsAnErrorReleasesTheKeySetsOnTheCallingThread() {
		StreamHarness harness = new StreamHarness(2, 64, 64);
		harness.append("a", "x");
		harness.append("b", "x");
		harness.append("c", "x");
		harness.executor.runAll();
		harness.executor.mode(ControllableExecutor.Mode.THROW_ERROR);
		harness.halfClose();
		assertThat(harness.keySets()).allSatisfy((keySet) -> assertThat(keySet.state()).isEqualTo(KeySet.DONE));
		assertThat(harness.events).contains("release:[a]", "release:[b]", "release:[c]");
		assertThat(harness.executor.queued()).isEmpty();
	}

	@Test
	void anExecutorThatThrowsAnErrorIsNotBlamedOnTheStreamer() {
		StreamHarness harness = new StreamHarness();
		harness.executor.mode(ControllableExecutor.Mode.THROW_ERROR);
		harness.append("a", "x");
		assertThat(harness.events).contains("error:RUNTIME").doesNotContain("error:HANDLER");
		assertThat(harness.handlerFailures).isEmpty();
	}

}
