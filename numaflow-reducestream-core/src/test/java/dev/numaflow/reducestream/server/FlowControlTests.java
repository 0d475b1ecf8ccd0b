package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Back-pressure in both directions: a slow handler slows the client through gRPC flow
 * control, and a client that does not read is not flooded with results.
 */
class FlowControlTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Window WINDOW = ReduceClient.window(0, 60_000);

	@TempDir
	Path directory;

	@Test
	void aBlockedHandlerStopsTheClientFromSendingWithoutBound() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		ReduceStreamServer server = TestServers.start(TestServers.settings(this.directory, 2, 64, 64),
				(metadata) -> new CountingStreamer(Integer.MAX_VALUE) {
					@Override
					public void onDatum(dev.numaflow.reducestream.Datum datum, dev.numaflow.reducestream.Output output,
							dev.numaflow.reducestream.Metadata md) {
						try {
							release.await();
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
						super.onDatum(datum, output, md);
					}
				});
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			ResponseRecorder recorder = new ResponseRecorder();
			AtomicReference<ClientCallStreamObserver<ReduceRequest>> call = new AtomicReference<>();
			client.async().reduceFn(new ForwardingObserver(recorder, call::set, -1));
			ClientCallStreamObserver<ReduceRequest> requests = Objects.requireNonNull(call.get());
			String value = "x".repeat(1024);
			int sent = 0;
			boolean blocked = false;
			// 1 KiB datums: without flow control the client could send all 200 MiB.
			while (!blocked && sent < 200_000) {
				requests.onNext(ReduceClient.append(WINDOW, List.of("k"), value));
				sent++;
				if (!requests.isReady()) {
					try {
						await().atMost(Duration.ofSeconds(2)).until(requests::isReady);
					}
					catch (ConditionTimeoutException ex) {
						blocked = true;
					}
				}
			}
			assertThat(blocked).isTrue();
			assertThat(sent).isLessThan(20_000);
			release.countDown();
			requests.onCompleted();
			assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(recorder.resultValues()).containsExactly("counter:" + sent);
		}
		finally {
			release.countDown();
			server.stop();
		}
	}

	@Test
	@HandlerPoolOnly
	void aClientThatDoesNotReadPausesTheHandlersInsteadOfBeingFlooded() throws Exception {
		AtomicInteger handled = new AtomicInteger();
		Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
		String big = "r".repeat(16 * 1024);
		ReduceStreamServer server = TestServers.start(TestServers.settings(this.directory, 2, 64, 16),
				(metadata) -> (datum, output, md) -> {
					handlerThreads.add(Thread.currentThread());
					handled.incrementAndGet();
					output.send(Message.of(big, md.keys()));
				});
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			ResponseRecorder recorder = new ResponseRecorder();
			AtomicReference<ClientCallStreamObserver<ReduceRequest>> call = new AtomicReference<>();
			client.async().reduceFn(new ForwardingObserver(recorder, call::set, 0));
			ClientCallStreamObserver<ReduceRequest> requests = Objects.requireNonNull(call.get());
			int total = 5000;
			for (int i = 0; i < total; i++) {
				requests.onNext(ReduceClient.append(WINDOW, List.of("k" + (i % 10)), "x"));
			}
			// 5000 results of 16 KiB are 80 MiB: the transport and the per-stream queue
			// hold a small part of it.
			// Paused, not blocked: once the results fill the transport and the queue,
			// every key set parks and the handler threads go back to the pool, where they
			// stay until the client reads (a blocked sender would wait in the writer).
			await().atMost(TIMEOUT)
				.until(() -> !handlerThreads.isEmpty() && handlerThreads.stream().allMatch(ThreadStates::idleInPool));
			assertThat(handled.get()).isLessThan(1000);
			assertThat(recorder.responses()).isEmpty();
			requests.onCompleted();
			ForwardingObserver.requestAll(requests);
			assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(recorder.results()).hasSize(total);
			assertThat(handled).hasValue(total);
		}
		finally {
			server.stop();
		}
	}

	@Test
	@HandlerPoolOnly
	void aStreamerSendingManyResultsPerDatumIsHeldBackWhileTheClientDoesNotRead() throws Exception {
		AtomicInteger sent = new AtomicInteger();
		AtomicReference<Thread> sender = new AtomicReference<>();
		String big = "r".repeat(4096);
		int total = 5000;
		ReduceStreamServer server = TestServers.start(TestServers.settings(this.directory, 2, 64, 16),
				(metadata) -> (datum, output, md) -> {
					sender.set(Thread.currentThread());
					for (int i = 0; i < total; i++) {
						output.send(Message.of(big, md.keys()));
						sent.incrementAndGet();
					}
				});
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			ResponseRecorder recorder = new ResponseRecorder();
			AtomicReference<ClientCallStreamObserver<ReduceRequest>> call = new AtomicReference<>();
			client.async().reduceFn(new ForwardingObserver(recorder, call::set, 0));
			ClientCallStreamObserver<ReduceRequest> requests = Objects.requireNonNull(call.get());
			requests.onNext(ReduceClient.open(WINDOW, List.of("k"), "x"));
			// 5000 results of 4 KiB are 20 MiB: the sender is held back once the
			// transport and the queue are full.
			await().atMost(TIMEOUT).until(() -> {
				Thread thread = sender.get();
				return thread != null && ThreadStates.waitingIn(thread, ResponseWriter.class, "send");
			});
			assertThat(sent.get()).isLessThan(1000);
			requests.onCompleted();
			ForwardingObserver.requestAll(requests);
			assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(recorder.results()).hasSize(total);
			assertThat(sent).hasValue(total);
		}
		finally {
			server.stop();
		}
	}

	@Test
	void manyKeySetsPausedBehindASmallResultQueueAllFinishEvenWhenSomeSendNothing() throws Exception {
		int keySets = 20_000;
		ReduceStreamServer server = TestServers.start(TestServers.settings(this.directory, 2, 64, 8),
				(metadata) -> new ReduceStreamer() {
					@Override
					public void onDatum(Datum datum, Output output, Metadata md) {
					}

					@Override
					public void onEndOfInput(Output output, Metadata md) {
						if (Integer.parseInt(md.keys().get(0)) % 2 == 0) {
							output.send(Message.of("end", md.keys()));
						}
					}
				});
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			ResponseRecorder recorder = new ResponseRecorder();
			StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
			for (int i = 0; i < keySets; i++) {
				requests.onNext(ReduceClient.append(WINDOW, List.of(Integer.toString(i)), "x"));
			}
			requests.onCompleted();
			assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(recorder.results()).hasSize(keySets / 2);
			assertThat(recorder.responses()).last().matches(ReduceResponse::getEOF);
		}
		finally {
			server.stop();
		}
	}

	/**
	 * Hands the client call to the test before the stream starts, optionally with manual
	 * flow control of responses.
	 */
	static final class ForwardingObserver implements ClientResponseObserver<ReduceRequest, ReduceResponse> {

		private final ResponseRecorder recorder;

		private final java.util.function.Consumer<ClientCallStreamObserver<ReduceRequest>> onStart;

		private final int initialResponses;

		ForwardingObserver(ResponseRecorder recorder,
				java.util.function.Consumer<ClientCallStreamObserver<ReduceRequest>> onStart, int initialResponses) {
			this.recorder = recorder;
			this.onStart = onStart;
			this.initialResponses = initialResponses;
		}

		static void requestAll(ClientCallStreamObserver<ReduceRequest> call) {
			call.request(Integer.MAX_VALUE);
		}

		@Override
		public void beforeStart(ClientCallStreamObserver<ReduceRequest> requestStream) {
			if (this.initialResponses >= 0) {
				requestStream.disableAutoRequestWithInitial(this.initialResponses);
			}
			this.onStart.accept(requestStream);
		}

		@Override
		public void onNext(ReduceResponse value) {
			this.recorder.onNext(value);
		}

		@Override
		public void onError(Throwable t) {
			this.recorder.onError(t);
		}

		@Override
		public void onCompleted() {
			this.recorder.onCompleted();
		}

	}

}
