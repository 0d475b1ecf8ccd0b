package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link StreamerThreads#TRANSPORT} over a real socket: every call into the streamer and
 * its factory runs on the transport thread, with complete and ordered results, timers,
 * results beyond what the writer holds, parked key sets resumed, a failing key set that
 * costs the other stream of its connection nothing, and a turn that holds the thread
 * logged with its stack.
 */
@ExtendWith(OutputCaptureExtension.class)
class TransportThreadTurnsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Window WINDOW = ReduceClient.window(60_000, 120_000);

	private static final String TRANSPORT_THREAD = "reducestream-transport-";

	@TempDir
	Path directory;

	private final LifecycleFixtures fixtures = new LifecycleFixtures();

	@AfterEach
	void close() {
		this.fixtures.close();
	}

	private ReduceStreamServerSettings settings(int maxPendingResults) {
		return TestServers.settings(this.directory, 2, 1024, maxPendingResults)
			.withStreamerThreads(StreamerThreads.TRANSPORT);
	}

	private ReduceClient start(ReduceStreamServerSettings settings, ReduceStreamerFactory factory) {
		ReduceStreamServer server = this.fixtures.server(settings, factory);
		server.start();
		return this.fixtures.client(server.getSocketPath());
	}

	@Test
	void everyCallRunsOnTheTransportThreadInOrderWithEveryResult() throws Exception {
		int keySets = 300;
		int perKeySet = 30;
		Set<String> threads = ConcurrentHashMap.newKeySet();
		Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
		ReduceClient client = start(settings(1024), (metadata) -> {
			threads.add(Thread.currentThread().getName());
			List<Integer> values = Collections.synchronizedList(new ArrayList<>());
			seen.put(metadata.keys().get(0), values);
			return ReduceStreamer.of((datum, output, md) -> {
				threads.add(Thread.currentThread().getName());
				values.add(Integer.parseInt(datum.valueAsString()));
			}, (output, md) -> {
				threads.add(Thread.currentThread().getName());
				output.send(Message.of(Integer.toString(values.size()), md.keys()));
			});
		});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int i = 0; i < keySets * perKeySet; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("k" + (i % keySets)), Integer.toString(i)));
		}
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(threads).singleElement().asString().startsWith(TRANSPORT_THREAD);
		assertThat(seen).hasSize(keySets).allSatisfy((key, values) -> assertThat(values).hasSize(perKeySet).isSorted());
		assertThat(recorder.resultValues()).hasSize(keySets).containsOnly(Integer.toString(perKeySet));
		List<ReduceResponse> responses = recorder.responses();
		assertThat(responses.get(responses.size() - 1).getEOF()).isTrue();
	}

	@Test
	void timersFireOnTheTransportThread() throws Exception {
		ReduceClient client = start(settings(1024), (metadata) -> ReduceStreamer
			.of((datum, output, md) -> output.timers().after(Duration.ofMillis(20)), (output, md) -> {
			}, (output, md) -> output.send(Message.of("timer on " + Thread.currentThread().getName(), md.keys()))));
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("b"), "x"));
		await().atMost(TIMEOUT).until(() -> recorder.results().size() == 2);
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(recorder.resultValues()).hasSize(2)
			.allSatisfy((value) -> assertThat(value).startsWith("timer on " + TRANSPORT_THREAD));
	}

	@Test
	void aCallThatSendsFarMoreThanTheWriterHoldsDoesNotWaitForItself() throws Exception {
		// 4 pending results: a sender on a handler thread would wait beyond 8. On the
		// transport thread it must not, or nothing would ever be written.
		int perDatum = 2_000;
		ReduceClient client = start(settings(4), (metadata) -> (datum, output, md) -> {
			for (int i = 0; i < perDatum; i++) {
				output.send(Message.of(datum.valueAsString() + ":" + i, md.keys()));
			}
		});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "a1"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("b"), "b1"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("a"), "a2"));
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		List<String> values = recorder.resultValues();
		assertThat(values).hasSize(3 * perDatum);
		List<String> a = values.stream().filter((value) -> value.startsWith("a")).toList();
		assertThat(a).hasSize(2 * perDatum).startsWith("a1:0", "a1:1").endsWith("a2:" + (perDatum - 1));
		assertThat(a.indexOf("a2:0")).isEqualTo(perDatum);
	}

	@Test
	void keySetsParkedOnAFullWriterResumeUntilEveryResultIsOut() throws Exception {
		int keySets = 400;
		int perKeySet = 25;
		// A small transport buffer and 8 pending results: the window's close parks its
		// key sets again and again.
		ReduceClient client = start(settings(8).withTransportBuffer(512),
				(metadata) -> ReduceStreamer.of((datum, output, md) -> {
				}, (output, md) -> {
					for (int i = 0; i < perKeySet; i++) {
						output.send(Message.of(md.keys().get(0) + ":" + i, md.keys()));
					}
				}));
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int i = 0; i < keySets; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("k" + i), "x"));
		}
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		List<String> values = recorder.resultValues();
		assertThat(values).hasSize(keySets * perKeySet).doesNotHaveDuplicates();
		assertThat(values.stream().filter((value) -> value.startsWith("k7:")).toList())
			.containsExactlyElementsOf(IntStream.range(0, perKeySet).mapToObj((i) -> "k7:" + i).toList());
		assertThat(recorder.responses().get(keySets * perKeySet).getEOF()).isTrue();
	}

	@Test
	void aClientThatDoesNotReadPausesTheTurnsAndLeavesTheTransportThreadFree() throws Exception {
		AtomicInteger handled = new AtomicInteger();
		String big = "r".repeat(16 * 1024);
		ReduceClient client = start(
				TestServers.settings(this.directory, 2, 64, 16).withStreamerThreads(StreamerThreads.TRANSPORT),
				(metadata) -> (datum, output, md) -> {
					handled.incrementAndGet();
					output.send(Message.of(big, md.keys()));
				});
		ResponseRecorder recorder = new ResponseRecorder();
		AtomicReference<ClientCallStreamObserver<ReduceRequest>> call = new AtomicReference<>();
		client.async().reduceFn(new FlowControlTests.ForwardingObserver(recorder, call::set, 0));
		ClientCallStreamObserver<ReduceRequest> requests = Objects.requireNonNull(call.get());
		int total = 5000;
		for (int i = 0; i < total; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("k" + (i % 10)), "x"));
		}
		// 5000 results of 16 KiB are 80 MiB: the key sets park once the transport and the
		// queue are full, and the datums stop being handled.
		AtomicInteger lastSeen = new AtomicInteger(-1);
		await().atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(300))
			.until(() -> handled.get() > 0 && handled.get() == lastSeen.getAndSet(handled.get()));
		assertThat(handled.get()).isLessThan(1000);
		assertThat(recorder.responses()).isEmpty();
		// Parked, not blocked: the transport thread answers.
		assertThat(client.blocking()
			.withDeadlineAfter(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
			.isReady(Empty.getDefaultInstance())
			.getReady()).isTrue();
		requests.onCompleted();
		FlowControlTests.ForwardingObserver.requestAll(requests);
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(recorder.results()).hasSize(total);
		assertThat(handled).hasValue(total);
	}

	@Test
	void aStreamWhoseStreamerThrowsFailsAloneOnItsConnection() throws Exception {
		ReduceClient client = start(settings(1024), (metadata) -> new CountingStreamer(1_000) {
			@Override
			public void onDatum(Datum datum, Output output, Metadata md) {
				if (datum.valueAsString().equals("bad")) {
					throw new IllegalStateException("injected on " + Thread.currentThread().getName());
				}
				super.onDatum(datum, output, md);
			}
		});
		ResponseRecorder failing = new ResponseRecorder();
		ResponseRecorder healthy = new ResponseRecorder();
		StreamObserver<ReduceRequest> failingRequests = client.async().reduceFn(failing);
		StreamObserver<ReduceRequest> healthyRequests = client.async().reduceFn(healthy);
		for (int i = 0; i < 100; i++) {
			healthyRequests.onNext(ReduceClient.append(WINDOW, List.of("h" + (i % 10)), "x"));
			failingRequests.onNext(ReduceClient.append(WINDOW, List.of("f" + (i % 10)), (i == 50) ? "bad" : "x"));
		}
		healthyRequests.onCompleted();
		Status failed = failing.awaitEnd(TIMEOUT);
		assertThat(failed.getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(failed.getDescription()).contains("UDF_EXECUTION_ERROR", "injected on " + TRANSPORT_THREAD);
		assertThat(healthy.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(healthy.resultValues()).hasSize(10).containsOnly("counter:10");
		failingRequests.onCompleted();
	}

	@Test
	void aTurnThatHoldsTheTransportThreadIsLoggedOnceWithItsStack(CapturedOutput output) throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		ReduceClient client = start(settings(1024), (metadata) -> (datum, output2, md) -> {
			if (datum.valueAsString().equals("hold")) {
				holdTheThread(release);
			}
			output2.send(Message.of(datum.valueAsString(), md.keys()));
		});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "quick"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("b"), "hold"));
		try {
			await().atMost(TIMEOUT).until(() -> warnings(output).size() == 1);
			String warning = warnings(output).get(0);
			assertThat(warning).contains("WARN", TRANSPORT_THREAD, "for at least 500 ms",
					"streamer-threads=handler-pool");
			assertThat(output.getAll()).contains("The stack of " + TRANSPORT_THREAD, "holdTheThread");
			// Reported once, however long it holds on.
			await().during(Duration.ofMillis(1_200)).atMost(TIMEOUT).until(() -> warnings(output).size() == 1);
		}
		finally {
			release.countDown();
		}
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(recorder.resultValues()).containsExactlyInAnyOrder("quick", "hold");
	}

	private static void holdTheThread(CountDownLatch release) throws InterruptedException {
		assertThat(release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
	}

	private static List<String> warnings(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains("has held transport thread")).toList();
	}

}
