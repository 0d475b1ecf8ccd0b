package dev.numaflow.reducestream.server;

import java.util.ArrayList;
import java.util.List;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The response side of a stream: writing only while the call is ready, parking and
 * resuming key sets, the one terminate path, completion, and failed writes.
 */
class ResponseWriterTests {

	/** The key sets' stream: its executor is where resumed key sets go. */
	private final StreamHarness harness = new StreamHarness();

	private final FakeCall call = new FakeCall();

	/** What the writer reported as failed writes, in order. */
	private final List<Throwable> failures = new ArrayList<>();

	/** A writer whose key sets park when 2 results wait. */
	private final ResponseWriter writer = new ResponseWriter(this.call, 2, this.failures::add);

	private final KeySet keySet = this.harness.newKeySet("a");

	private static ReduceResponse result(String value) {
		return ProtoMapping.result(Message.of(value, List.of("a")), StreamHarness.WINDOW);
	}

	@Test
	void aResultIsNotWrittenWhileTheCallIsNotReady() {
		this.call.ready(false);
		this.writer.send(result("1"), this.keySet);
		assertThat(this.call.responses()).isEmpty();
	}

	@Test
	void queuedResultsAreWrittenInOrderOnceTheCallIsReady() {
		this.call.ready(false);
		this.writer.send(result("1"), this.keySet);
		this.writer.send(result("2"), this.keySet);
		this.call.ready(true);
		this.writer.onReady();
		assertThat(this.call.resultValues()).containsExactly("1", "2");
	}

	@Test
	void resultsWaitingAtTheHighWaterMarkSaturateTheWriter() {
		this.call.ready(false);
		this.writer.send(result("1"), this.keySet);
		this.writer.send(result("2"), this.keySet);
		assertThat(this.writer.isSaturated()).isTrue();
	}

	@Test
	void aKeySetParkedOnASaturatedWriterIsNotResumedWhileTheCallIsNotReady() {
		saturate();
		this.writer.park(this.keySet);
		this.writer.onReady();
		assertThat(this.harness.executor.queued()).isEmpty();
	}

	@Test
	void aParkedKeySetIsResumedOnceTheQueueDrains() {
		saturate();
		this.writer.park(this.keySet);
		this.call.ready(true);
		this.writer.onReady();
		assertThat(this.keySet.state()).isEqualTo(KeySet.CLAIMED);
		assertThat(this.harness.executor.queued()).containsExactly(this.keySet);
	}

	@Test
	void parkedKeySetsWaitUntilTheQueueHasDrainedToHalfTheHighWaterMark() {
		StreamHarness harness = new StreamHarness(2, 64, 4);
		ResponseWriter responses = harness.stream.responses();
		KeySet sender = harness.newKeySet("s");
		harness.call.ready(false);
		for (int i = 0; i < 4; i++) {
			responses.send(result(Integer.toString(i)), sender);
		}
		KeySet parked = harness.newKeySet("a");
		responses.park(parked);
		harness.call.becomeReadyFor(1);
		// Three wait: room for one more, but a turn's end resumes nobody yet.
		responses.resumeIfRoom();
		assertThat(harness.executor.queued()).isEmpty();
		harness.call.becomeReadyFor(1);
		assertThat(harness.executor.queued()).containsExactly(parked);
	}

	@Test
	void aGroupThatMeetsASaturatedWriterParksWholeBeforeItsFirstKeySet() {
		StreamHarness harness = new StreamHarness(2, 64, 2);
		saturate(harness);
		List<KeySet> keySets = claimedWithADatum(harness, "a", "b", "c");
		KeySetTurns group = new KeySetTurns(keySets.toArray(new KeySet[0]), keySets.size());
		group.run();
		assertThat(harness.events).as("no key set of the group started").isEmpty();
		assertThat(keySets).extracting(KeySet::state).containsOnly(KeySet.CLAIMED);
		assertThat(harness.executor.queued()).isEmpty();
		harness.call.becomeReady();
		assertThat(harness.executor.queued()).as("resumed whole, once per handler thread")
			.hasSize(2)
			.containsOnly(group);
		harness.executor.runAll();
		assertThat(harness.events).containsExactly("create:[a]", "create:[b]", "create:[c]");
		assertThat(keySets).extracting(KeySet::state).containsOnly(KeySet.IDLE);
	}

	@Test
	void aGroupParkedPartWayResumesWithTheKeySetsItHadNotStarted() {
		StreamHarness harness = new StreamHarness(2, 64, 2);
		List<KeySet> keySets = claimedWithADatum(harness, "a", "b", "c");
		// The first key set's datum fills the queue: the group parks before the second.
		harness.onDatum((datum, output, metadata) -> {
			output.send(Message.of("1", metadata.keys()));
			output.send(Message.of("2", metadata.keys()));
		});
		harness.call.ready(false);
		KeySetTurns group = new KeySetTurns(keySets.toArray(new KeySet[0]), keySets.size());
		group.run();
		assertThat(harness.events).containsExactly("create:[a]");
		assertThat(group.remaining()).isEqualTo(2);
		harness.onDatum((datum, output, metadata) -> {
		});
		harness.call.becomeReady();
		harness.executor.runAll();
		assertThat(harness.events).containsExactly("create:[a]", "create:[b]", "create:[c]");
	}

	@Test
	void terminateReleasesTheKeySetsOfAParkedGroup() {
		StreamHarness harness = new StreamHarness(2, 64, 2);
		saturate(harness);
		List<KeySet> keySets = claimedWithADatum(harness, "a", "b", "c");
		new KeySetTurns(keySets.toArray(new KeySet[0]), keySets.size()).run();
		harness.stream.runtimeFault(new IllegalStateException("a fault of the test"));
		harness.executor.runAll();
		assertThat(keySets).extracting(KeySet::state).containsOnly(KeySet.DONE);
		assertThat(harness.call.log()).last().asString().startsWith("INTERNAL");
	}

	@Test
	void terminateDiscardsTheQueueAndWritesTheStatusOnce() {
		saturate();
		this.writer.terminate(Status.ABORTED.asRuntimeException());
		this.writer.terminate(Status.INTERNAL.asRuntimeException());
		assertThat(this.call.log()).containsExactly("ABORTED");
	}

	@Test
	void terminateWithoutAStatusWritesNothingMore() {
		saturate();
		this.writer.terminate(null);
		this.call.ready(true);
		this.writer.onReady();
		assertThat(this.call.log()).isEmpty();
	}

	@Test
	void terminateResumesEveryParkedKeySet() {
		saturate();
		List<KeySet> parked = List.of(this.keySet, this.harness.newKeySet("b"), this.harness.newKeySet("c"));
		parked.forEach(this.writer::park);
		this.writer.terminate(Status.ABORTED.asRuntimeException());
		assertThat(parked).extracting(KeySet::state).containsOnly(KeySet.CLAIMED);
		// One group, handed to the pool once per handler thread at most.
		List<Runnable> queued = this.harness.executor.queued();
		assertThat(queued).isNotEmpty().hasSizeLessThanOrEqualTo(2).containsOnly(queued.get(0));
		assertThat(queued.get(0)).isInstanceOf(KeySetTurns.class);
		assertThat(this.harness.executor.runNext()).isTrue();
		assertThat(parked).extracting(KeySet::state).doesNotContain(KeySet.CLAIMED, KeySet.PARKED);
	}

	@Test
	void completeWritesTheQueuedResultsThenTheLastResponsesThenCompletes() {
		this.call.ready(false);
		this.writer.send(result("1"), this.keySet);
		this.writer.complete(List.of(ProtoMapping.endOfStream(StreamHarness.WINDOW)));
		this.call.ready(true);
		this.writer.onReady();
		assertThat(this.call.log()).containsExactly("result:1", "eof:60000", "OK");
	}

	@ParameterizedTest
	@EnumSource(KeySetTests.Failure.class)
	void aWriteThatThrowsIsReportedToTheCallbackAndNotToTheSender(KeySetTests.Failure failure) {
		Throwable thrown = failure.throwable();
		this.call.failWrites(thrown);
		assertThatNoException().isThrownBy(() -> this.writer.send(result("1"), this.keySet));
		assertThat(this.failures).containsExactly(thrown);
	}

	@Test
	void aFailedWriteIsReportedBeforeALaterSendThrows() {
		this.call.failWrites(new IllegalStateException("call closed"));
		this.writer.send(result("1"), this.keySet);
		assertThat(this.failures).as("reported by the send whose write failed").hasSize(1);
		assertThatIllegalStateException().isThrownBy(() -> this.writer.send(result("2"), this.keySet));
	}

	@Test
	void parkedKeySetsAreResumedAfterAFailedWrite() {
		saturate();
		this.writer.park(this.keySet);
		this.call.failWrites(new IllegalStateException("call closed"));
		this.call.ready(true);
		this.writer.onReady();
		assertThat(this.harness.executor.queued()).containsExactly(this.keySet);
	}

	@Test
	void aSendFromARetiredKeySetThrowsIllegalStateException() {
		this.writer.retire(this.keySet);
		assertThatIllegalStateException().isThrownBy(() -> this.writer.send(result("1"), this.keySet))
			.withMessageContaining("is closed");
	}

	/**
	 * The harness stream's writer has two results waiting on a call that is not ready.
	 */
	private static void saturate(StreamHarness harness) {
		KeySet sender = harness.newKeySet("s");
		harness.call.ready(false);
		harness.stream.responses().send(result("1"), sender);
		harness.stream.responses().send(result("2"), sender);
		assertThat(harness.stream.responses().isSaturated()).isTrue();
	}

	/** Key sets with a datum each, claimed as the dispatcher claims them. */
	private static List<KeySet> claimedWithADatum(StreamHarness harness, String... keys) {
		List<KeySet> keySets = new ArrayList<>();
		for (String key : keys) {
			KeySet keySet = harness.newKeySet(key);
			keySet.add(StreamHarness.datum(keySet, "x"));
			keySet.publish();
			assertThat(keySet.claim()).isTrue();
			keySets.add(keySet);
		}
		return keySets;
	}

	/** Two results wait on a call that is not ready. */
	private void saturate() {
		this.call.ready(false);
		this.writer.send(result("1"), this.keySet);
		this.writer.send(result("2"), this.keySet);
	}

}
