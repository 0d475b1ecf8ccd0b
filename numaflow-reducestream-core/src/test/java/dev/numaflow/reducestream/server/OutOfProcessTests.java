package dev.numaflow.reducestream.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Memory bounds proven the honest way: the server runs in a JVM of its own with a small
 * heap ({@link StandaloneServer}), and the client, in this JVM, sends or asks for far
 * more than that heap holds. An unbounded queue anywhere would end in an
 * OutOfMemoryError.
 */
class OutOfProcessTests {

	private static final Logger logger = LoggerFactory.getLogger(OutOfProcessTests.class);

	private static final Duration START = Duration.ofSeconds(60);

	private static final Window WINDOW = ReduceClient.window(0, 60_000);

	@TempDir
	Path directory;

	private @Nullable Process process;

	private Path log = Path.of("server.log");

	@AfterEach
	void stop() throws InterruptedException {
		Process running = this.process;
		if (running != null && running.isAlive()) {
			running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	private Path start(String heap, String mode, int maxPending) throws IOException {
		Path socket = this.directory.resolve("rs.sock");
		Path serverInfo = this.directory.resolve("server-info");
		this.log = this.directory.resolve("server.log");
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx" + heap, "-XX:MaxDirectMemorySize=64m", "-XX:+ExitOnOutOfMemoryError", "-cp",
				System.getProperty("java.class.path"), StandaloneServer.class.getName(), socket.toString(),
				serverInfo.toString(), mode, String.valueOf(maxPending));
		Process started = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.log.toFile())
			.start();
		this.process = started;
		await().atMost(START).until(() -> Files.exists(serverInfo) || !started.isAlive());
		assertThat(started.isAlive()).as("the server is running; log:%n%s", logText()).isTrue();
		return socket;
	}

	private String logText() throws IOException {
		return Files.readString(this.log, StandardCharsets.UTF_8);
	}

	@Test
	void aSlowHandlerSlowsTheClientAndASmallHeapTakesTenTimesItsSize() throws Exception {
		Path socket = start("48m", "slow", 64);
		ByteString value = ByteString.copyFrom(new byte[64 * 1024]);
		int keySets = 16;
		int datums = 8 * 1024;
		try (ReduceClient client = ReduceClient.connect(socket)) {
			Counting results = new Counting(Long.MAX_VALUE);
			ClientCallStreamObserver<ReduceRequest> requests = results.open(client);
			List<ReduceRequest> perKeySet = new ArrayList<>();
			for (int k = 0; k < keySets; k++) {
				ReduceRequest request = ReduceClient.append(WINDOW, List.of("k" + k), "");
				perKeySet.add(request.toBuilder().setPayload(request.getPayload().toBuilder().setValue(value)).build());
			}
			for (int i = 0; i < datums; i++) {
				results.send(requests, perKeySet.get(i % keySets));
			}
			requests.onCompleted();
			assertThat(results.end.get(5, TimeUnit.MINUTES).getCode()).as("log:%n%s", logText())
				.isEqualTo(Status.Code.OK);
			// 512 MiB sent to a 48 MiB heap, faster than the handlers take it; each key
			// set saw all of its datums.
			assertThat(results.values).hasSize(keySets)
				.allSatisfy((v) -> assertThat(v).isEqualTo((datums / keySets) + ":" + (datums / keySets) * 65536L));
			assertThat(this.process).satisfies((p) -> assertThat(Objects.requireNonNull(p).isAlive()).isTrue());
		}
	}

	@Test
	void aClientThatStopsReadingDoesNotMakeTheServerBufferWithoutBound() throws Exception {
		Path socket = start("48m", "echo", 64);
		int datums = 4096;
		try (ReduceClient client = ReduceClient.connect(socket)) {
			// Reads nothing until told to.
			Counting results = new Counting(0);
			ClientCallStreamObserver<ReduceRequest> requests = results.open(client);
			// Datums of 1 KiB, 4 MiB in all: more than HTTP/2's window and the server's
			// pending datums hold, so the sender can only finish if the server keeps
			// taking datums (datums of a few bytes could all fit in the window).
			String value = "x".repeat(1024);
			CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
				for (int i = 0; i < datums; i++) {
					results.send(requests, ReduceClient.append(WINDOW, List.of("k" + (i % 8)), value));
				}
				requests.onCompleted();
			});
			// 4096 results of 64 KiB are 256 MiB: unread, the server must stop taking
			// datums rather than hold them.
			await().atMost(START).until(() -> !requests.isReady());
			assertThat(sender).isNotDone();
			assertThat(this.process).satisfies((p) -> assertThat(Objects.requireNonNull(p).isAlive()).isTrue());
			results.readAll();
			sender.get(5, TimeUnit.MINUTES);
			assertThat(results.end.get(5, TimeUnit.MINUTES).getCode()).as("log:%n%s", logText())
				.isEqualTo(Status.Code.OK);
			assertThat(results.count.get()).isEqualTo(datums);
		}
	}

	@Test
	void oneMillionKeySetsOfTwoDatumsCompleteInAOneGigabyteHeapWithEveryResultRight() throws Exception {
		int keySets = Integer.getInteger("reducestream.scale.keysets", 1_000_000);
		Path socket = start("1g", "count", 1024);
		try (ReduceClient client = ReduceClient.connect(socket)) {
			Counting results = new Counting(Long.MAX_VALUE);
			ClientCallStreamObserver<ReduceRequest> requests = results.open(client);
			results.send(requests, ReduceClient.open(WINDOW, List.of("__measure__"), ""));
			for (int round = 0; round < 2; round++) {
				for (int i = 0; i < keySets; i++) {
					results.send(requests, ReduceClient.append(WINDOW, List.of("k" + i), "v"));
				}
			}
			results.send(requests, ReduceClient.append(WINDOW, List.of("__measure__"), ""));
			await().atMost(Duration.ofMinutes(2)).until(() -> heapMeasures().size() == 2);
			List<Long> heap = heapMeasures();
			double perKeySet = (heap.get(1) - heap.get(0)) / (double) keySets;
			logger.info("Heap after GC: {} bytes before, {} bytes with {} key sets open: {} bytes per open key set",
					heap.get(0), heap.get(1), keySets, Math.round(perKeySet));
			requests.onCompleted();
			assertThat(results.end.get(5, TimeUnit.MINUTES).getCode()).as("log:%n%s", logText())
				.isEqualTo(Status.Code.OK);
			assertThat(results.count.get()).isEqualTo(keySets + 1);
			assertThat(results.keys.cardinality()).isEqualTo(keySets);
			assertThat(results.values).isEmpty();
			assertThat(results.wrong).isEmpty();
		}
	}

	@Test
	void oneHundredThousandKeySetsEachWithATimerFireInOneWindowAndCompleteWithABoundedHeap() throws Exception {
		int keySets = Integer.getInteger("reducestream.scale.timer-keysets", 100_000);
		Path socket = start("160m", "timer", 1024);
		try (ReduceClient client = ReduceClient.connect(socket)) {
			Counting results = new Counting(Long.MAX_VALUE);
			ClientCallStreamObserver<ReduceRequest> requests = results.open(client);
			results.send(requests, ReduceClient.open(WINDOW, List.of("__measure__"), ""));
			for (int round = 0; round < 2; round++) {
				for (int i = 0; i < keySets; i++) {
					results.send(requests, ReduceClient.append(WINDOW, List.of("k" + i), "v"));
				}
			}
			// Every key set's timer fires while the window is open, with no datum
			// arriving.
			await().atMost(Duration.ofMinutes(2)).until(() -> results.ticks.get() == keySets || results.end.isDone());
			results.send(requests, ReduceClient.append(WINDOW, List.of("__measure__"), ""));
			await().atMost(Duration.ofMinutes(2)).until(() -> heapMeasures().size() == 2 || results.end.isDone());
			List<Long> heap = heapMeasures();
			assertThat(heap).as("log:%n%s", logText()).hasSize(2);
			double perKeySet = (heap.get(1) - heap.get(0)) / (double) keySets;
			logger.info("Heap after GC: {} bytes before, {} bytes with {} key sets open, each with a timer: {} bytes"
					+ " per open key set", heap.get(0), heap.get(1), keySets, Math.round(perKeySet));
			requests.onCompleted();
			assertThat(results.end.get(5, TimeUnit.MINUTES).getCode()).as("log:%n%s", logText())
				.isEqualTo(Status.Code.OK);
			assertThat(results.ticks.get()).isEqualTo(keySets);
			assertThat(results.count.get()).isEqualTo(keySets + 1);
			assertThat(results.keys.cardinality()).isEqualTo(keySets);
			assertThat(results.wrong).isEmpty();
			// The README's budget: about 560 bytes per open key set, plus the streamer's
			// state.
			assertThat(perKeySet).isLessThan(1024);
		}
	}

	private List<Long> heapMeasures() throws IOException {
		List<Long> measures = new ArrayList<>();
		for (String line : logText().lines().toList()) {
			int at = line.indexOf(StandaloneServer.HEAP_MARKER);
			if (at >= 0) {
				measures.add(Long.parseLong(line.substring(at + StandaloneServer.HEAP_MARKER.length()).strip()));
			}
		}
		return measures;
	}

	/** Counts results without keeping them; sends with flow control. */
	private static final class Counting implements ClientResponseObserver<ReduceRequest, ReduceResponse> {

		final CompletableFuture<Status> end = new CompletableFuture<>();

		final AtomicLong count = new AtomicLong();

		/** The {@code tick} results of the timer mode, not counted as results. */
		final AtomicLong ticks = new AtomicLong();

		final BitSet keys = new BitSet();

		final List<String> values = new java.util.concurrent.CopyOnWriteArrayList<>();

		final List<String> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();

		private final long initialRequest;

		private final Object readiness = new Object();

		private final AtomicReference<ClientCallStreamObserver<ReduceRequest>> call = new AtomicReference<>();

		Counting(long initialRequest) {
			this.initialRequest = initialRequest;
		}

		ClientCallStreamObserver<ReduceRequest> open(ReduceClient client) {
			client.async().reduceFn(this);
			return Objects.requireNonNull(this.call.get());
		}

		@Override
		public void beforeStart(ClientCallStreamObserver<ReduceRequest> requestStream) {
			this.call.set(requestStream);
			if (this.initialRequest != Long.MAX_VALUE) {
				requestStream.disableAutoRequestWithInitial((int) this.initialRequest);
			}
			requestStream.setOnReadyHandler(() -> {
				synchronized (this.readiness) {
					this.readiness.notifyAll();
				}
			});
		}

		void readAll() {
			Objects.requireNonNull(this.call.get()).request(Integer.MAX_VALUE);
		}

		/** Send once the transport has room, as the platform does. */
		void send(ClientCallStreamObserver<ReduceRequest> requests, ReduceRequest request) {
			synchronized (this.readiness) {
				while (!requests.isReady() && !this.end.isDone()) {
					try {
						this.readiness.wait(100);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException(ex);
					}
				}
			}
			requests.onNext(request);
		}

		@Override
		public void onNext(ReduceResponse response) {
			if (response.getEOF()) {
				return;
			}
			if (response.getResult().getValue().toStringUtf8().equals("tick")) {
				this.ticks.incrementAndGet();
				return;
			}
			this.count.incrementAndGet();
			List<String> keys = response.getResult().getKeysList();
			String value = response.getResult().getValue().size() > 64 ? "big"
					: response.getResult().getValue().toStringUtf8();
			if (keys.size() == 1 && keys.get(0).startsWith("k") && value.equals("2:2")) {
				this.keys.set(Integer.parseInt(keys.get(0).substring(1)));
			}
			else if (keys.size() == 1 && keys.get(0).startsWith("k") && !value.equals("big")) {
				this.values.add(value);
				if (!value.contains(":")) {
					this.wrong.add(keys + "=" + value);
				}
			}
			else if (!keys.equals(List.of("__measure__")) && !value.equals("big")) {
				this.wrong.add(keys + "=" + value);
			}
		}

		@Override
		public void onError(Throwable t) {
			this.end.complete(Status.fromThrowable(t));
		}

		@Override
		public void onCompleted() {
			this.end.complete(Status.OK);
		}

	}

}
