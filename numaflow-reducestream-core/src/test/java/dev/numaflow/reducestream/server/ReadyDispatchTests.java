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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.serverinfo.ServerInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The hand-off of ready key sets to the handler pool once per transport read: many key
 * sets per read, a key set whose datums span several reads, a key set that blocks beside
 * others of its read, and key sets whose turns the pool drops on stop.
 */
class ReadyDispatchTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

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

	private ReduceClient start(ReduceStreamServer server) {
		server.start();
		this.resources.add(server::stop);
		ReduceClient client = ReduceClient.connect(server.getSocketPath());
		this.resources.add(0, client);
		return client;
	}

	private ReduceClient start(ReduceStreamServerSettings settings, ReduceStreamerFactory factory) {
		return start(
				new ReduceStreamServer(TestServers.onTestTransport(settings), factory, ServerInfo.forThisStarter()));
	}

	@ParameterizedTest(name = "{0} handler threads")
	@ValueSource(ints = { 1, 4 })
	void manyKeySetsPerReadAreEachSerialInArrivalOrderAndComplete(int handlerThreads) throws Exception {
		int keySets = 500;
		int perKeySet = 40;
		Map<List<String>, List<Integer>> seen = new ConcurrentHashMap<>();
		AtomicBoolean overlapped = new AtomicBoolean();
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		ReduceClient client = start(TestServers.settings(this.directory, handlerThreads, 4096, 4096), (metadata) -> {
			AtomicBoolean inside = new AtomicBoolean();
			List<Integer> values = Collections.synchronizedList(new ArrayList<>());
			seen.put(metadata.keys(), values);
			return ReduceStreamer.of((datum, output, md) -> {
				if (!inside.compareAndSet(false, true)) {
					overlapped.set(true);
				}
				threads.add(Thread.currentThread());
				values.add(Integer.parseInt(datum.valueAsString()));
				inside.set(false);
			}, (output, md) -> output.send(Message.of(Integer.toString(values.size()), md.keys())));
		});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int i = 0; i < keySets * perKeySet; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("k" + (i % keySets)), Integer.toString(i)));
		}
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(overlapped).as("two calls of one key set overlapped").isFalse();
		assertThat(seen).hasSize(keySets)
			.allSatisfy((keys, values) -> assertThat(values).hasSize(perKeySet).isSorted());
		assertThat(threads).hasSizeLessThanOrEqualTo(handlerThreads);
		List<ReduceResponse> responses = recorder.responses();
		assertThat(responses).hasSize(keySets + 1);
		assertThat(responses.subList(0, keySets))
			.allSatisfy((response) -> assertThat(response.getResult().getValue().toStringUtf8())
				.isEqualTo(Integer.toString(perKeySet)));
		assertThat(responses.get(keySets).getEOF()).isTrue();
	}

	@Test
	void aKeySetWhoseDatumsSpanSeveralReadsGetsEveryOneOfThemInOrder() throws Exception {
		List<Integer> values = Collections.synchronizedList(new ArrayList<>());
		ReduceClient client = start(TestServers.settings(this.directory, 2, 1024, 1024),
				(metadata) -> ReduceStreamer.of(
						(datum, output, md) -> values.add(Integer.parseInt(datum.valueAsString())),
						(output, md) -> output.send(Message.of(Integer.toString(values.size()), md.keys()))));
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		int sent = 0;
		for (int round = 1; round <= 5; round++) {
			// Each round waits until the server has handled the previous one, so the
			// next datums arrive in a later read, for an idle key set.
			for (int i = 0; i < 3 * round; i++) {
				requests.onNext(ReduceClient.append(WINDOW, List.of("a"), Integer.toString(sent++)));
			}
			int expected = sent;
			await().atMost(TIMEOUT).until(() -> values.size() == expected);
		}
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(values).hasSize(sent).isSorted();
		assertThat(recorder.resultValues()).containsExactly(Integer.toString(sent));
	}

	@Test
	@HandlerPoolOnly
	void aKeySetThatBlocksDoesNotHoldUpTheOtherKeySetsOfItsRead() throws Exception {
		CountDownLatch gates = new CountDownLatch(1);
		CountDownLatch othersDone = new CountDownLatch(50);
		// Credit of 52 datums: the two gates and 50 fillers use it up, so the blocker and
		// the 50 others wait in the transport until the fillers are handled, and then
		// arrive together, in one delivery.
		ReduceClient client = start(TestServers.settings(this.directory, 2, 52, 1024), (metadata) -> {
			String key = metadata.keys().get(0);
			return (datum, output, md) -> {
				if (key.startsWith("gate")) {
					assertThat(gates.await(20, TimeUnit.SECONDS)).isTrue();
				}
				else if (key.equals("blocker")) {
					// Returns only once every other key set of its delivery has been
					// handled.
					assertThat(othersDone.await(20, TimeUnit.SECONDS)).isTrue();
				}
				else if (key.startsWith("k")) {
					othersDone.countDown();
				}
			};
		});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("gate1"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("gate2"), "x"));
		for (int i = 0; i < 50; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("filler"), "x"));
		}
		requests.onNext(ReduceClient.append(WINDOW, List.of("blocker"), "x"));
		for (int i = 0; i < 50; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("k" + i), "x"));
		}
		requests.onCompleted();
		gates.countDown();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(othersDone.getCount()).isZero();
	}

	@Test
	@HandlerPoolOnly
	void aKeySetThatBlocksOnceTheServerHasSeenOnlyQuickOnesDoesNotHoldUpTheOthersOfItsRead() throws Exception {
		CountDownLatch othersDone = new CountDownLatch(200);
		ReduceClient client = start(TestServers.settings(this.directory, 2, 1024, 1024), (metadata) -> {
			String key = metadata.keys().get(0);
			return (datum, output, md) -> {
				if (key.equals("blocker")) {
					// Returns only once every other key set of the stream has been
					// handled.
					assertThat(othersDone.await(20, TimeUnit.SECONDS)).isTrue();
				}
				else if (key.startsWith("k")) {
					othersDone.countDown();
				}
			};
		});
		// A first window of quick key sets: groups of a read then go to one thread.
		ResponseRecorder warm = new ResponseRecorder();
		StreamObserver<ReduceRequest> warmRequests = client.async().reduceFn(warm);
		for (int i = 0; i < 20_000; i++) {
			warmRequests.onNext(ReduceClient.append(WINDOW, List.of("warm" + (i % 500)), "x"));
		}
		warmRequests.onCompleted();
		assertThat(warm.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("blocker"), "x"));
		for (int i = 0; i < 200; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("k" + i), "x"));
		}
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(othersDone.getCount()).isZero();
	}

	@Test
	void consecutiveDatumsOfOneKeyListInWindowsThatDifferInAnyBoundAreSeparateKeySets() throws Exception {
		List<Window> windows = List.of(WINDOW, ReduceClient.window(60_000, 120_001),
				ReduceClient.window(60_001, 120_000), ReduceClient.window(61_000, 120_000),
				ReduceClient.window(60_000, 121_000));
		ReduceClient client = start(TestServers.settings(this.directory), (metadata) -> new CountingStreamer(20));
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (Window window : windows) {
			requests.onNext(ReduceClient.append(window, List.of("a"), "x"));
		}
		requests.onNext(ReduceClient.append(WINDOW, List.of("a"), "x"));
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(recorder.results())
			.extracting(ReduceResponse::getWindow, (response) -> response.getResult().getValue().toStringUtf8())
			.containsExactlyInAnyOrder(tuple(windows.get(0), "counter:2"), tuple(windows.get(1), "counter:1"),
					tuple(windows.get(2), "counter:1"), tuple(windows.get(3), "counter:1"),
					tuple(windows.get(4), "counter:1"));
		List<ReduceResponse> responses = recorder.responses();
		assertThat(responses.subList(5, 10)).allMatch(ReduceResponse::getEOF)
			.extracting(ReduceResponse::getWindow)
			.containsExactlyElementsOf(windows);
	}

	@Test
	@HandlerPoolOnly
	void keySetsWhoseTurnsThePoolDropsOnStopAreReleased() throws Exception {
		ReduceStreamServerSettings settings = new ReduceStreamServerSettings(this.directory.resolve("rs.sock"),
				this.directory.resolve("server-info"), 64 * 1024 * 1024, 1, 1, 1024, 1024, Duration.ofMillis(300),
				"unknown-container")
			.withTransport(TestServers.transport());
		Set<ReduceStreamer> live = ConcurrentHashMap.newKeySet();
		AtomicInteger handled = new AtomicInteger();
		CountDownLatch blockerInside = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		AtomicInteger received = new AtomicInteger();
		ReduceStreamServer server = new ReduceStreamServer(settings, new ReduceStreamerFactory() {
			@Override
			public ReduceStreamer create(Metadata metadata) {
				boolean blocker = metadata.keys().equals(List.of("blocker"));
				ReduceStreamer streamer = (datum, output, md) -> {
					if (blocker) {
						blockerInside.countDown();
						// Interrupted when the stop gives up on the handlers.
						never.await();
					}
					handled.incrementAndGet();
				};
				live.add(streamer);
				return streamer;
			}

			@Override
			public void release(ReduceStreamer streamer) {
				live.remove(streamer);
			}
		}, ServerInfo.forThisStarter(), new ReduceStreamListener() {
			@Override
			public void datumReceived(long watermarkMillis) {
				received.incrementAndGet();
			}
		}, null);
		ReduceClient client = start(server);
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int i = 0; i < 10; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("k" + i), "x"));
		}
		await().atMost(TIMEOUT).until(() -> handled.get() == 10);
		requests.onNext(ReduceClient.append(WINDOW, List.of("blocker"), "x"));
		assertThat(blockerInside.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		// The only handler thread is taken: these turns wait in the pool's queue.
		for (int i = 0; i < 10; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("k" + i), "y"));
		}
		await().atMost(TIMEOUT).until(() -> received.get() == 21);
		assertThat(live).hasSize(11);
		LifecycleFixtures.stopInBackground(server).get(30, TimeUnit.SECONDS);
		assertThat(live).as("streamers not released when stop() returned").isEmpty();
		assertThat(handled).hasValue(10);
		recorder.awaitEnd(TIMEOUT);
	}

}
