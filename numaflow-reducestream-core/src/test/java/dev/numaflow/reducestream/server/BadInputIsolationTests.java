package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest.WindowOperation.Event;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A malformed or oversized request ends only its own stream: another stream on the same
 * connection, half-way through its window, finishes with exactly the right results, the
 * connection is never dropped, and the server stays ready. All over a real Unix domain
 * socket.
 */
class BadInputIsolationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Window WINDOW = ReduceClient.window(60_000, 120_000);

	/** Small, so that an oversized request is cheap to build. */
	private static final int MAX_MESSAGE_SIZE = 64 * 1024;

	@TempDir
	Path directory;

	private final AtomicInteger created = new AtomicInteger();

	private final AtomicInteger released = new AtomicInteger();

	private ReduceStreamServer server;

	private ReduceClient client;

	@BeforeEach
	void start() {
		ReduceStreamServerSettings defaults = TestServers.settings(this.directory);
		ReduceStreamServerSettings settings = new ReduceStreamServerSettings(defaults.socketPath(),
				defaults.serverInfoPath(), MAX_MESSAGE_SIZE, 4, 1, 1024, 1024, Duration.ofSeconds(5),
				"unknown-container");
		this.server = TestServers.start(settings, new ReduceStreamerFactory() {

			@Override
			public ReduceStreamer create(dev.numaflow.reducestream.Metadata metadata) {
				BadInputIsolationTests.this.created.incrementAndGet();
				return new CountingStreamer(Integer.MAX_VALUE);
			}

			@Override
			public void release(ReduceStreamer streamer) {
				BadInputIsolationTests.this.released.incrementAndGet();
			}

		});
		this.client = ReduceClient.connect(this.server.getSocketPath());
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.server.stop();
	}

	static Stream<Arguments> malformedRequests() {
		ReduceRequest good = ReduceClient.append(WINDOW, List.of("bad"), "v");
		return Stream.of(Arguments.of("no operation", good.toBuilder().clearOperation().build(), "no operation"),
				Arguments.of("no window", withOperation(good, (op) -> op.clearWindows()), "0 windows"),
				Arguments.of("two windows", withOperation(good, (op) -> op.addWindows(WINDOW)), "2 windows"),
				Arguments.of("window without start",
						withOperation(good, (op) -> op.setWindows(0, WINDOW.toBuilder().clearStart())),
						"window has no start"),
				Arguments.of("window without end",
						withOperation(good, (op) -> op.setWindows(0, WINDOW.toBuilder().clearEnd())),
						"window has no end"),
				Arguments.of("OPEN without payload",
						withOperation(good, (op) -> op.setEvent(Event.OPEN)).toBuilder().clearPayload().build(),
						"OPEN request has no payload"),
				Arguments.of("APPEND without payload", good.toBuilder().clearPayload().build(),
						"APPEND request has no payload"),
				Arguments.of("unknown event", withOperation(good, (op) -> op.setEventValue(7)), "unknown event 7"));
	}

	private static ReduceRequest withOperation(ReduceRequest request,
			Function<ReduceRequest.WindowOperation.Builder, ReduceRequest.WindowOperation.Builder> change) {
		return request.toBuilder().setOperation(change.apply(request.getOperation().toBuilder())).build();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformedRequests")
	void aMalformedRequestEndsOnlyItsOwnStreamWithInvalidArgument(String name, ReduceRequest malformed,
			String described) throws Exception {
		assertOnlyTheOffendingStreamFails(List.of(malformed), Status.Code.INVALID_ARGUMENT, described);
	}

	@Test
	void anOversizedRequestEndsOnlyItsOwnStreamWithResourceExhausted() throws Exception {
		ReduceRequest oversized = ReduceClient.append(WINDOW, List.of("bad"), "x".repeat(MAX_MESSAGE_SIZE + 1));
		assertOnlyTheOffendingStreamFails(List.of(oversized), Status.Code.RESOURCE_EXHAUSTED, "");
	}

	@Test
	void manyOversizedRequestsInARowAreRefusedWithoutBufferingThem() throws Exception {
		List<ReduceRequest> oversized = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			oversized.add(ReduceClient.append(WINDOW, List.of("bad"), "x".repeat(4 * MAX_MESSAGE_SIZE)));
		}
		assertOnlyTheOffendingStreamFails(oversized, Status.Code.RESOURCE_EXHAUSTED, "");
	}

	@Test
	void aWindowEndingBeforeItsStartEndsOnlyItsOwnStreamWithInvalidArgumentNamingIt() throws Exception {
		ReduceRequest inverted = ReduceClient.append(ReduceClient.window(120_000, 60_000), List.of("bad"), "v");
		assertOnlyTheOffendingStreamFails(List.of(inverted), Status.Code.INVALID_ARGUMENT, "end", "before", "start");
	}

	private void assertOnlyTheOffendingStreamFails(List<ReduceRequest> offending, Status.Code code, String... described)
			throws Exception {
		ManagedChannel channel = this.client.channel();
		assertThat(this.client.blocking().isReady(com.google.protobuf.Empty.getDefaultInstance()).getReady()).isTrue();
		assertThat(channel.getState(false)).isEqualTo(ConnectivityState.READY);
		AtomicBoolean connectionChanged = new AtomicBoolean();
		channel.notifyWhenStateChanged(ConnectivityState.READY, () -> connectionChanged.set(true));

		// A good stream, half-way through its window, with a CLOSE among its requests.
		ResponseRecorder good = new ResponseRecorder();
		StreamObserver<ReduceRequest> goodRequests = this.client.async().reduceFn(good);
		for (int i = 0; i < 3; i++) {
			goodRequests
				.onNext(ReduceClient.request((i == 0) ? Event.OPEN : Event.APPEND, WINDOW, List.of("a"), "a" + i));
			goodRequests.onNext(ReduceClient.append(WINDOW, List.of("b", "c"), "b" + i));
		}
		goodRequests.onNext(ReduceClient.request(Event.CLOSE, WINDOW, List.of("a"), "close"));
		await().atMost(TIMEOUT).until(() -> this.created.get() == 2);

		// The offending stream: one good datum, then the bad input.
		ResponseRecorder bad = new ResponseRecorder();
		StreamObserver<ReduceRequest> badRequests = this.client.async().reduceFn(bad);
		badRequests.onNext(ReduceClient.open(WINDOW, List.of("bad"), "fine"));
		for (ReduceRequest request : offending) {
			if (bad.isDone()) {
				break;
			}
			badRequests.onNext(request);
		}
		Status badStatus = bad.awaitEnd(TIMEOUT);
		assertThat(badStatus.getCode()).as("status %s", badStatus).isEqualTo(code);
		assertThat(badStatus.getDescription()).isNotNull().contains(described);
		assertThat(bad.responses()).isEmpty();

		// The good stream goes on to the end of its window.
		for (int i = 3; i < 5; i++) {
			goodRequests.onNext(ReduceClient.append(WINDOW, List.of("a"), "a" + i));
			goodRequests.onNext(ReduceClient.append(WINDOW, List.of("b", "c"), "b" + i));
		}
		goodRequests.onCompleted();
		assertThat(good.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(valuesByKeys(good))
			.isEqualTo(Map.of(List.of("a"), List.of("counter:5"), List.of("b", "c"), List.of("counter:5")));
		List<ReduceResponse> responses = good.responses();
		assertThat(responses.get(responses.size() - 1).getEOF()).isTrue();
		assertThat(responses.stream().filter(ReduceResponse::getEOF)).hasSize(1);

		// The server stays ready, on the same connection, and serves a new stream.
		assertThat(this.client.blocking().isReady(com.google.protobuf.Empty.getDefaultInstance()).getReady()).isTrue();
		ResponseRecorder after = new ResponseRecorder();
		StreamObserver<ReduceRequest> afterRequests = this.client.async().reduceFn(after);
		afterRequests.onNext(ReduceClient.open(WINDOW, List.of("after"), "x"));
		afterRequests.onCompleted();
		assertThat(after.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(after.resultValues()).containsExactly("counter:1");
		assertThat(connectionChanged).as("the client's connection was dropped").isFalse();
		assertThat(channel.getState(false)).isEqualTo(ConnectivityState.READY);
		assertThat(this.server.getState()).isEqualTo(ReduceStreamServer.State.RUNNING);
		await().atMost(TIMEOUT).until(() -> this.released.get() == this.created.get());
	}

	private static Map<List<String>, List<String>> valuesByKeys(ResponseRecorder recorder) {
		Map<List<String>, List<String>> values = new ConcurrentHashMap<>();
		for (ReduceResponse response : recorder.results()) {
			values.computeIfAbsent(List.copyOf(response.getResult().getKeysList()), (keys) -> new ArrayList<>())
				.add(response.getResult().getValue().toStringUtf8());
		}
		return values;
	}

}
