package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.rpc.DebugInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest.WindowOperation.Event;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each rule of the reduce stream protocol, over a real gRPC channel on a Unix domain
 * socket.
 */
class ReduceStreamProtocolTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final Window WINDOW = ReduceClient.window(60_000, 120_000);

	@TempDir
	Path directory;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	private ReduceClient start(ReduceStreamerFactory factory) {
		return start(TestServers.settings(this.directory), factory);
	}

	private ReduceClient start(ReduceStreamServerSettings settings, ReduceStreamerFactory factory) {
		ReduceStreamServer server = TestServers.start(settings, factory);
		this.resources.add(server::stop);
		ReduceClient client = ReduceClient.connect(server.getSocketPath());
		this.resources.add(0, client);
		return client;
	}

	private static ReduceStreamerFactory counter() {
		return (metadata) -> new CountingStreamer(20);
	}

	private static Map<List<String>, List<String>> valuesByKeys(ResponseRecorder recorder) {
		Map<List<String>, List<String>> values = new ConcurrentHashMap<>();
		for (ReduceResponse response : recorder.results()) {
			values.computeIfAbsent(List.copyOf(response.getResult().getKeysList()), (keys) -> new ArrayList<>())
				.add(response.getResult().getValue().toStringUtf8());
		}
		return values;
	}

	@Test
	void eachKeySetOfAStreamHasItsOwnState() throws Exception {
		ReduceClient client = start(counter());
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		for (int i = 0; i < 44; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("a"), "x"));
			if (i < 2) {
				requests.onNext(ReduceClient.append(WINDOW, List.of("b", "c"), "x"));
			}
		}
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(valuesByKeys(recorder)).containsOnly(
				Map.entry(List.of("a"), List.of("counter:21", "counter:21", "counter:3")),
				Map.entry(List.of("b", "c"), List.of("counter:2")));
	}

	@Test
	void keysAreComparedAsListsNotAsJoinedStrings() throws Exception {
		ReduceClient client = start(counter());
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a:b"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("a", "b"), "x"));
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(valuesByKeys(recorder)).containsOnly(Map.entry(List.of("a:b"), List.of("counter:1")),
				Map.entry(List.of("a", "b"), List.of("counter:1")));
	}

	@Test
	void openAndAppendBothCreateAKeySetAndARepeatedOpenAppends() throws Exception {
		AtomicInteger created = new AtomicInteger();
		ReduceClient client = start((metadata) -> {
			created.incrementAndGet();
			return new CountingStreamer(20);
		});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.append(WINDOW, List.of("first-seen-on-append"), "x"));
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("a"), "x"));
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(valuesByKeys(recorder)).containsOnly(
				Map.entry(List.of("first-seen-on-append"), List.of("counter:1")),
				Map.entry(List.of("a"), List.of("counter:3")));
		assertThat(created).hasValue(2);
	}

	@Test
	void closeIsNotADatum() throws Exception {
		ReduceClient client = start(counter());
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.request(Event.CLOSE, WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("a"), "x"));
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(recorder.resultValues()).containsExactly("counter:2");
	}

	@Test
	void everyResponseCarriesTheRequestWindowWithItsSlot() throws Exception {
		Window goWindow = WINDOW.toBuilder().setSlot("slot-0").build();
		ReduceClient client = start((metadata) -> new CountingStreamer(1));
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int i = 0; i < 5; i++) {
			requests.onNext(ReduceClient.request((i == 0) ? Event.OPEN : Event.APPEND, goWindow, List.of("k"), "x"));
		}
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(recorder.responses()).hasSize(4)
			.allSatisfy((response) -> assertThat(response.getWindow()).isEqualTo(goWindow));
	}

	@Test
	void resultsSentFromAnotherThreadGoOutWhileTheWindowIsOpen() throws Exception {
		ReduceClient client = start((metadata) -> new ReduceStreamer() {
			@Override
			public void onDatum(Datum datum, Output output, Metadata md) {
				Thread sender = new Thread(() -> output.send(Message.of("early:" + datum.valueAsString(), md.keys())));
				sender.start();
			}
		});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "1"));
		await().atMost(TIMEOUT).until(() -> recorder.resultValues().contains("early:1"));
		assertThat(recorder.isDone()).isFalse();
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
	}

	@Test
	void endOfInputRunsOncePerKeySetThenOneEofIsSentLastThenOk() throws Exception {
		Map<List<String>, AtomicInteger> ends = new ConcurrentHashMap<>();
		ReduceClient client = start((metadata) -> new ReduceStreamer() {
			@Override
			public void onDatum(Datum datum, Output output, Metadata md) {
			}

			@Override
			public void onEndOfInput(Output output, Metadata md) {
				ends.computeIfAbsent(md.keys(), (keys) -> new AtomicInteger()).incrementAndGet();
				output.send(Message.of("end", md.keys()));
			}
		});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int i = 0; i < 300; i++) {
			requests.onNext(
					ReduceClient.request((i == 0) ? Event.OPEN : Event.APPEND, WINDOW, List.of("k" + (i % 100)), "x"));
		}
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(ends).hasSize(100).allSatisfy((keys, count) -> assertThat(count).hasValue(1));
		List<ReduceResponse> responses = recorder.responses();
		assertThat(responses).hasSize(101);
		assertThat(responses.subList(0, 100)).noneMatch(ReduceResponse::getEOF);
		ReduceResponse eof = responses.get(100);
		assertThat(eof.getEOF()).isTrue();
		assertThat(eof.getWindow()).isEqualTo(WINDOW);
		assertThat(eof.hasResult()).isFalse();
	}

	@Test
	void halfCloseWithNoRequestsCompletesWithOk() throws Exception {
		ReduceClient client = start(counter());
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(recorder.responses()).isEmpty();
	}

	@Test
	@HandlerPoolOnly
	void isReadyAnswersTrueWhileEveryHandlerThreadIsBusy() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger busy = new AtomicInteger();
		ReduceClient client = start(TestServers.settings(this.directory, 2, 1024, 1024),
				(metadata) -> (datum, output, md) -> {
					busy.incrementAndGet();
					release.await();
				});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int i = 0; i < 1000; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("k" + i), "x"));
		}
		try {
			await().atMost(TIMEOUT).untilAtomic(busy, org.hamcrest.Matchers.equalTo(2));
			boolean ready = client.blocking()
				.withDeadlineAfter(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
				.isReady(Empty.getDefaultInstance())
				.getReady();
			assertThat(ready).isTrue();
		}
		finally {
			release.countDown();
		}
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
	}

	@Test
	void handlerExceptionEndsTheStreamWithUdfExecutionErrorAndAStackTrace() throws Exception {
		ReduceClient client = start((metadata) -> (datum, output, md) -> {
			throw new IllegalStateException("boom");
		});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		Status status = recorder.awaitEnd(TIMEOUT);
		assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(status.getDescription())
			.isEqualTo("UDF_EXECUTION_ERROR(unknown-container): java.lang.IllegalStateException: boom");
		com.google.rpc.Status details = StatusProto.fromThrowable(recorder.errorCause());
		assertThat(details).isNotNull();
		assertThat(details.getCode()).isEqualTo(Status.Code.INTERNAL.value());
		assertThat(details.getDetailsList()).hasSize(1);
		Any any = details.getDetails(0);
		assertThat(any.getTypeUrl()).isEqualTo("type.googleapis.com/google.rpc.DebugInfo");
		assertThat(any.unpack(DebugInfo.class).getDetail()).startsWith("java.lang.IllegalStateException: boom")
			.contains("\tat " + ReduceStreamProtocolTests.class.getName());
		requests.onCompleted();
	}

	@Test
	void aDeepStackAndALongMessageStillReachTheClientAsUdfExecutionError() throws Exception {
		ReduceClient client = start((metadata) -> (datum, output, md) -> {
			throw deepException("x".repeat(20_000), 500);
		});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		Status status = recorder.awaitEnd(TIMEOUT);
		assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(status.getDescription()).startsWith("UDF_EXECUTION_ERROR(unknown-container)")
			.endsWith("... (truncated)")
			.hasSize(ErrorStatuses.MAX_MESSAGE);
		com.google.rpc.Status details = StatusProto.fromThrowable(recorder.errorCause());
		assertThat(details).isNotNull();
		String trace = details.getDetails(0).unpack(DebugInfo.class).getDetail();
		assertThat(trace).startsWith("java.lang.IllegalStateException").endsWith("... (truncated)");
		assertThat(trace).hasSize(ErrorStatuses.MAX_STACK_TRACE);
		requests.onCompleted();
	}

	/** An exception as a deep recursion in the user's code would throw it. */
	private static IllegalStateException deepException(String message, int depth) {
		IllegalStateException exception = new IllegalStateException(message);
		StackTraceElement[] trace = new StackTraceElement[depth];
		for (int i = 0; i < depth; i++) {
			trace[i] = new StackTraceElement("com.example.DeepStreamer", "visit", "DeepStreamer.java", 10 + i);
		}
		exception.setStackTrace(trace);
		return exception;
	}

	@Test
	void clientCancellationReleasesEveryKeySetOfTheStream() throws Exception {
		Set<ReduceStreamer> live = ConcurrentHashMap.newKeySet();
		AtomicInteger handled = new AtomicInteger();
		ReduceStreamerFactory factory = new ReduceStreamerFactory() {
			@Override
			public ReduceStreamer create(Metadata metadata) {
				ReduceStreamer streamer = (datum, output, md) -> handled.incrementAndGet();
				live.add(streamer);
				return streamer;
			}

			@Override
			public void release(ReduceStreamer streamer) {
				live.remove(streamer);
			}
		};
		ReduceStreamServer server = TestServers.start(TestServers.settings(this.directory), factory);
		this.resources.add(server::stop);
		ReduceClient client = ReduceClient.connect(server.getSocketPath());
		this.resources.add(0, client);
		io.grpc.Context.CancellableContext context = io.grpc.Context.current().withCancellation();
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = context.call(() -> client.async().reduceFn(recorder));
		for (int i = 0; i < 50; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("k" + i), "x"));
		}
		await().atMost(TIMEOUT).until(() -> handled.get() == 50);
		assertThat(live).hasSize(50);
		assertThat(server.getActiveStreams()).isEqualTo(1);
		context.cancel(null);
		await().atMost(TIMEOUT).until(live::isEmpty);
		await().atMost(TIMEOUT).until(() -> server.getActiveStreams() == 0);
	}

	@Test
	void keySetsOfTwoWindowsInOneStreamKeepSeparateStateAndEachWindowGetsItsEof() throws Exception {
		Window other = ReduceClient.window(120_000, 180_000);
		ReduceClient client = start(counter());
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.append(other, List.of("a"), "x"));
		requests.onNext(ReduceClient.append(other, List.of("a"), "x"));
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(recorder.results())
			.extracting(ReduceResponse::getWindow, (r) -> r.getResult().getValue().toStringUtf8())
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(WINDOW, "counter:1"),
					org.assertj.core.groups.Tuple.tuple(other, "counter:2"));
		List<ReduceResponse> responses = recorder.responses();
		assertThat(responses.subList(2, 4)).allMatch(ReduceResponse::getEOF)
			.extracting(ReduceResponse::getWindow)
			.containsExactly(WINDOW, other);
	}

	@Test
	void callsForOneKeySetAreSerialAndInArrivalOrder() throws Exception {
		Map<List<String>, List<Integer>> seen = new ConcurrentHashMap<>();
		AtomicBoolean overlapped = new AtomicBoolean();
		ReduceClient client = start(TestServers.settings(this.directory, 4, 64, 64), (metadata) -> {
			AtomicBoolean inside = new AtomicBoolean();
			List<Integer> values = Collections.synchronizedList(new ArrayList<>());
			seen.put(metadata.keys(), values);
			return (datum, output, md) -> {
				if (!inside.compareAndSet(false, true)) {
					overlapped.set(true);
				}
				values.add(Integer.parseInt(datum.valueAsString()));
				Thread.onSpinWait();
				inside.set(false);
			};
		});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int i = 0; i < 8000; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("k" + (i % 8)), Integer.toString(i)));
		}
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(overlapped).isFalse();
		assertThat(seen).hasSize(8).allSatisfy((keys, values) -> assertThat(values).hasSize(1000).isSorted());
	}

	@Test
	@HandlerPoolOnly
	void differentKeySetsOfAStreamRunConcurrently() throws Exception {
		CyclicBarrier bothInside = new CyclicBarrier(2);
		ReduceClient client = start((metadata) -> (datum, output, md) -> {
			bothInside.await(10, TimeUnit.SECONDS);
			output.send(Message.of("met", md.keys()));
		});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("b"), "x"));
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(recorder.resultValues()).containsExactly("met", "met");
	}

	@Test
	@HandlerPoolOnly
	void differentStreamsRunConcurrently() throws Exception {
		CyclicBarrier bothInside = new CyclicBarrier(2);
		ReduceClient client = start((metadata) -> (datum, output, md) -> {
			bothInside.await(10, TimeUnit.SECONDS);
			output.send(Message.of("met", md.keys()));
		});
		ResponseRecorder first = new ResponseRecorder();
		ResponseRecorder second = new ResponseRecorder();
		StreamObserver<ReduceRequest> firstRequests = client.async().reduceFn(first);
		StreamObserver<ReduceRequest> secondRequests = client.async().reduceFn(second);
		firstRequests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		secondRequests.onNext(ReduceClient.open(ReduceClient.window(0, 60_000), List.of("a"), "x"));
		firstRequests.onCompleted();
		secondRequests.onCompleted();
		assertThat(first.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(second.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(first.resultValues()).containsExactly("met");
		assertThat(second.resultValues()).containsExactly("met");
	}

	@Test
	@HandlerPoolOnly
	void tenThousandOpenKeySetsShareTheBoundedHandlerPool() throws Exception {
		Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
		ReduceClient client = start(TestServers.settings(this.directory, 3, 1024, 1024),
				(metadata) -> (datum, output, md) -> handlerThreads.add(Thread.currentThread()));
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int i = 0; i < 10_000; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("k" + i), "x"));
		}
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(handlerThreads).isNotEmpty()
			.hasSizeLessThanOrEqualTo(3)
			.allSatisfy((thread) -> assertThat(thread.getName()).startsWith("reducestream-handler-"));
	}

}
