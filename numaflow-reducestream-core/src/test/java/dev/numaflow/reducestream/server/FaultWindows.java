package dev.numaflow.reducestream.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole windows of {@link CountingStreamer}s with a threshold of 2 for the fault tests:
 * five datums per key set give {@code counter:3} from {@code onDatum} and
 * {@code counter:2} from {@code onEndOfInput}.
 */
final class FaultWindows {

	/**
	 * Bounds every wait of the fault tests, so that a stream that hangs fails the test.
	 */
	static final Duration TIMEOUT = Duration.ofSeconds(20);

	static final int DATUMS_PER_KEY_SET = 5;

	static final List<String> RESULTS_PER_KEY_SET = List.of("counter:3", "counter:2");

	private FaultWindows() {
	}

	/**
	 * Awaitility, bounded by {@link #TIMEOUT}, that does not fail on an exception left
	 * uncaught on another thread: the fault tests assert what the runtime does about a
	 * fault, and an injected Error that ends a pool thread is not by itself a failure.
	 */
	static ConditionFactory await() {
		return Awaitility.await().dontCatchUncaughtExceptions().atMost(TIMEOUT);
	}

	/**
	 * How the stream ended, waiting at most {@link #TIMEOUT}.
	 * @throws AssertionError if it has not ended by then
	 */
	static Status ended(ResponseRecorder recorder) throws Exception {
		try {
			return recorder.awaitEnd(TIMEOUT);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("The stream has not ended within " + TIMEOUT + ": it hangs", ex);
		}
	}

	/** The n-th minute. */
	static Window window(int n) {
		return ReduceClient.window(n * 60_000L, (n + 1) * 60_000L);
	}

	static CountingStreamer streamer() {
		return new CountingStreamer(2);
	}

	/**
	 * One window: {@link #DATUMS_PER_KEY_SET} datums of each key, interleaved, then the
	 * half-close.
	 */
	static ResponseRecorder countWindow(ReduceClient client, Window window, String... keys) {
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int i = 0; i < DATUMS_PER_KEY_SET; i++) {
			for (String key : keys) {
				requests.onNext((i == 0) ? ReduceClient.open(window, List.of(key), "x")
						: ReduceClient.append(window, List.of(key), "x"));
			}
		}
		requests.onCompleted();
		return recorder;
	}

	/**
	 * The window ended with OK, exactly the counting results of each key, and one EOF
	 * last.
	 */
	static void assertCounted(ResponseRecorder recorder, Window window, String... keys) throws Exception {
		Status status = ended(recorder);
		assertThat(status.getCode()).as("status %s", status).isEqualTo(Status.Code.OK);
		Map<List<String>, List<String>> expected = new LinkedHashMap<>();
		for (String key : keys) {
			expected.put(List.of(key), RESULTS_PER_KEY_SET);
		}
		assertThat(valuesByKeys(recorder)).isEqualTo(expected);
		List<ReduceResponse> responses = recorder.responses();
		assertThat(responses).filteredOn(ReduceResponse::getEOF).hasSize(1);
		assertThat(responses.get(responses.size() - 1).getEOF()).isTrue();
		assertThat(responses).allSatisfy((response) -> assertThat(response.getWindow()).isEqualTo(window));
	}

	static Map<List<String>, List<String>> valuesByKeys(ResponseRecorder recorder) {
		Map<List<String>, List<String>> values = new LinkedHashMap<>();
		for (ReduceResponse response : recorder.results()) {
			values.computeIfAbsent(List.copyOf(response.getResult().getKeysList()), (keys) -> new ArrayList<>())
				.add(response.getResult().getValue().toStringUtf8());
		}
		return values;
	}

}
