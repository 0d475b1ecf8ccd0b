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

	/** Two results wait on a call that is not ready. */
	private void saturate() {
		this.call.ready(false);
		this.writer.send(result("1"), this.keySet);
		this.writer.send(result("2"), this.keySet);
	}

}
