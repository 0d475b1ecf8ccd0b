package dev.numaflow.reducestream.server;

import java.util.List;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest.WindowOperation.Event;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * One call, driven through its request callbacks: the one end path whichever ways race,
 * bad windows, faults of the runtime inside a callback, flow control and the EOFs.
 */
class WindowStreamTests {

	private static final Window OTHER_WINDOW = ReduceClient.window(120_000, 180_000);

	private static StreamHarness failingOn(String value) {
		return new StreamHarness().onDatum((datum, output, metadata) -> {
			if (datum.valueAsString().equals(value)) {
				throw new IllegalStateException(value);
			}
		});
	}

	@Test
	void theServiceStartsTheStreamWithManualFlowControl() {
		StreamHarness harness = new StreamHarness(2, 64, 64);
		assertThat(harness.call.autoRequestDisabled()).isTrue();
		assertThat(harness.call.requests()).containsExactly(64);
	}

	@Test
	void theServiceLetsTheTransportHoldTheConfiguredBytesOfResults() {
		StreamHarness harness = new StreamHarness(2, 64, 64);
		assertThat(harness.call.onReadyThreshold()).isEqualTo(ReduceStreamServerSettings.DEFAULT_TRANSPORT_BUFFER);
	}

	@Test
	void moreRequestsAreAskedForOnlyAsDatumsAreHandled() {
		StreamHarness harness = new StreamHarness(2, 4, 64);
		harness.append("a", "1");
		harness.append("a", "2");
		assertThat(harness.call.requests()).containsExactly(4);
		harness.executor.runAll();
		assertThat(harness.call.requests()).containsExactly(4, 2);
	}

	@Test
	void keysWithTheSameHashCodeGetKeySetsOfTheirOwn() {
		// "Aa" and "BB" share a hash code: consecutive datums of the two must not share
		// the previous datum's key set, nor a slot of the lookup.
		assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
		StreamHarness harness = new StreamHarness().echo();
		harness.append("Aa", "1");
		harness.append("BB", "2");
		harness.append("BB", "3");
		harness.append("Aa", "4");
		harness.halfClose();
		harness.executor.runAll();
		assertThat(harness.events).filteredOn((event) -> event.startsWith("create:"))
			.containsExactly("create:[Aa]", "create:[BB]");
		assertThat(harness.call.responses()).filteredOn(ReduceResponse::hasResult)
			.extracting((response) -> response.getResult().getKeys(0) + "="
					+ response.getResult().getValue().toStringUtf8())
			.containsExactlyInAnyOrder("Aa=1", "BB=2", "BB=3", "Aa=4");
	}

	@Test
	void aCancelAfterAHandlerFailureDoesNotEndTheStreamAgain() {
		StreamHarness harness = failingOn("boom");
		harness.append("a", "boom");
		harness.executor.runAll();
		harness.call.cancel();
		harness.stream.onError(Status.CANCELLED.asRuntimeException());
		harness.executor.runAll();
		assertThat(harness.events).filteredOn((event) -> event.startsWith("streamClosed:"))
			.containsExactly("streamClosed:ERROR");
		assertThat(harness.call.ends()).hasSize(1);
	}

	@Test
	void aHandlerFailureAfterACancelIsNotTheStreamsEnd() {
		StreamHarness harness = failingOn("boom");
		harness.append("a", "boom");
		harness.call.cancel();
		harness.executor.runAll();
		assertThat(harness.events).filteredOn((event) -> event.startsWith("streamClosed:"))
			.containsExactly("streamClosed:CANCELLED");
		assertThat(harness.handlerFailures).isEmpty();
	}

	@Test
	void aCancelAfterTheStreamCompletedDoesNotEndItAgain() {
		StreamHarness harness = new StreamHarness();
		harness.append("a", "x");
		harness.halfClose();
		harness.executor.runAll();
		harness.call.cancel();
		assertThat(harness.events).filteredOn((event) -> event.startsWith("streamClosed:"))
			.containsExactly("streamClosed:OK");
	}

	@Test
	void requestsAfterTheStreamEndedAreIgnored() {
		StreamHarness harness = new StreamHarness();
		harness.call.cancel();
		harness.append("a", "x");
		harness.halfClose();
		harness.executor.runAll();
		assertThat(harness.events).doesNotContain("create:[a]");
		assertThat(harness.executor.queued()).isEmpty();
	}

	@Test
	void aWindowEndingBeforeItStartsIsRefusedWithInvalidArgument() {
		StreamHarness harness = new StreamHarness();
		harness.request(ReduceClient.open(ReduceClient.window(120_000, 60_000), List.of("a"), "x"));
		assertThat(harness.call.ends()).singleElement().satisfies((status) -> {
			assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
			assertThat(status.getDescription()).contains("before it starts");
		});
	}

	@Test
	void aWindowBeyondTheRangeOfATimestampIsRefusedWithInvalidArgument() {
		// Protobuf timestamps end at 9999-12-31; this one is past what Instant can hold.
		Window window = Window.newBuilder()
			.setStart(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE - 60))
			.setEnd(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))
			.setSlot("0")
			.build();
		StreamHarness harness = new StreamHarness();
		harness.request(ReduceClient.open(window, List.of("a"), "x"));
		assertThat(harness.call.ends()).extracting(Status::getCode).containsExactly(Status.Code.INVALID_ARGUMENT);
	}

	@ParameterizedTest
	@EnumSource(KeySetTests.Failure.class)
	void aFaultOfTheRuntimeInARequestCallbackDoesNotEscapeIt(KeySetTests.Failure failure) {
		// One datum per request batch: the CLOSE request asks for more on the transport
		// thread.
		StreamHarness harness = new StreamHarness(2, 1, 64);
		harness.call.failRequests(failure.throwable());
		assertThatNoException()
			.isThrownBy(() -> harness.request(ReduceClient.request(Event.CLOSE, StreamHarness.WINDOW, List.of(), "")));
	}

	@ParameterizedTest
	@EnumSource(KeySetTests.Failure.class)
	void aFaultOfTheRuntimeInARequestCallbackEndsTheStreamWithInternal(KeySetTests.Failure failure) {
		StreamHarness harness = new StreamHarness(2, 1, 64);
		harness.call.failRequests(failure.throwable());
		harness.request(ReduceClient.request(Event.CLOSE, StreamHarness.WINDOW, List.of(), ""));
		assertThat(harness.call.ends()).extracting(Status::getCode).containsExactly(Status.Code.INTERNAL);
		assertThat(harness.events).contains("error:RUNTIME").doesNotContain("error:HANDLER");
	}

	@ParameterizedTest
	@EnumSource(KeySetTests.Failure.class)
	void aFailedWriteIsNotBlamedOnTheStreamerWhoseNextSendThrows(KeySetTests.Failure failure) {
		StreamHarness harness = new StreamHarness().onDatum((datum, output, metadata) -> {
			output.send(Message.of("1", metadata.keys()));
			output.send(Message.of("2", metadata.keys()));
		});
		harness.call.failWrites(failure.throwable());
		harness.append("a", "x");
		harness.executor.runAll();
		assertThat(harness.call.ends()).singleElement().satisfies((status) -> {
			assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
			assertThat(status.getDescription()).doesNotContain("UDF_EXECUTION_ERROR");
		});
		assertThat(harness.events).contains("error:RUNTIME").doesNotContain("error:HANDLER");
		assertThat(harness.handlerFailures).isEmpty();
	}

	@Test
	void aWriteThatFailsAfterTheLastKeySetFinishedStillEndsTheCall() {
		StreamHarness harness = new StreamHarness().echo();
		harness.call.ready(false);
		harness.append("a", "x");
		harness.halfClose();
		harness.executor.runAll();
		// Every key set has finished: the result and the EOF wait for the transport.
		harness.call.failWrites(new IllegalStateException("the transport failed"));
		harness.call.becomeReady();
		assertThat(harness.call.ends()).as("how the call was ended").hasSize(1);
	}

	@Test
	void noEofIsSentWhileAKeySetHasNotFinished() {
		StreamHarness harness = new StreamHarness().echo();
		harness.append("a", "x");
		// More datums than one turn takes: b's end of input needs a second turn.
		for (int i = 0; i <= KeySet.ITEMS_PER_TURN; i++) {
			harness.append("b", Integer.toString(i));
		}
		harness.halfClose();
		harness.executor.runNext();
		harness.executor.runNext();
		assertThat(harness.call.log()).noneMatch((entry) -> entry.startsWith("eof:"));
		assertThat(harness.executor.queued()).singleElement().isEqualTo(harness.keySet("b"));
	}

	@Test
	void oneEofPerWindowFollowsEveryResultOnceEveryKeySetFinished() {
		StreamHarness harness = new StreamHarness().echo()
			.onEndOfInput((output, metadata) -> output.send(Message.of("end", metadata.keys())));
		harness.append("a", "x");
		harness.append(OTHER_WINDOW, "b", "y");
		harness.append("c", "z");
		harness.halfClose();
		harness.executor.runAll();
		List<String> log = harness.call.log();
		assertThat(log).filteredOn((entry) -> entry.startsWith("eof:")).containsExactly("eof:60000", "eof:120000");
		assertThat(log.subList(log.size() - 3, log.size())).containsExactly("eof:60000", "eof:120000", "OK");
		assertThat(log).filteredOn((entry) -> entry.startsWith("result:")).hasSize(6);
	}

	@Test
	void aWindowWithoutDatumsCompletesWithoutAnEof() {
		StreamHarness harness = new StreamHarness();
		harness.halfClose();
		assertThat(harness.call.log()).containsExactly("OK");
	}

}
