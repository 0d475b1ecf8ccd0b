package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.server.ReduceStreamListener.ErrorKind;

import static dev.numaflow.reducestream.server.FaultWindows.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A response the transport refuses (the call's {@code sendMessage} throws): the stream
 * ends with a status through one path, every key set, also those paused behind the full
 * result queue, is cancelled and released once, and the user's code is not blamed. Over a
 * real Unix domain socket with an interceptor that breaks the writes, and on a fake call
 * with a handler pool the test runs by hand.
 */
class WriteFaultTests {

	private static final Window WINDOW = FaultWindows.window(1);

	private static final int KEY_SETS = 6;

	private static final int DATUMS_PER_KEY_SET = 3;

	@TempDir
	Path directory;

	private final List<AutoCloseable> resources = new ArrayList<>();

	/**
	 * What happened to each key set: "create:k", "end:k", "cancel:k", "release:k".
	 */
	private final Queue<String> events = new ConcurrentLinkedQueue<>();

	/** Results the streamers' {@code send} calls accepted. */
	private final AtomicInteger sent = new AtomicInteger();

	private final FaultyListener listener = new FaultyListener();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void aWriteThatThrowsARuntimeExceptionEndsTheStreamReleasesEveryKeySetAndBlamesNoUserCode() throws Exception {
		assertAFailedWriteEndsTheStreamCleanly(() -> new IllegalStateException("injected write failure"));
	}

	@Test
	void aWriteThatThrowsAnErrorEndsTheStreamReleasesEveryKeySetAndBlamesNoUserCode() throws Exception {
		assertAFailedWriteEndsTheStreamCleanly(() -> new InjectedWriteError("injected write failure"));
	}

	private void assertAFailedWriteEndsTheStreamCleanly(Supplier<? extends Throwable> failure) throws Exception {
		ReduceStreamServerSettings settings = TestServers.settings(this.directory, 2, 16, 4);
		ExecutorService handlers = Executors.newFixedThreadPool(settings.handlerThreads());
		this.resources.add(handlers::shutdownNow);
		FailingWrites writes = new FailingWrites(failure);
		TestServers.BoundService bound = TestServers.serve(settings.socketPath(), ServerInterceptors
			.intercept(ReduceStreamServices.create(settings, factory(16 * 1024, 20), this.listener, handlers), writes));
		this.resources.add(0, bound);
		ReduceClient client = ReduceClient.connect(settings.socketPath());
		this.resources.add(0, client);

		ResponseRecorder recorder = new ResponseRecorder();
		AtomicReference<ClientCallStreamObserver<ReduceRequest>> call = new AtomicReference<>();
		client.async().reduceFn(new NotReading(recorder, call::set));
		ClientCallStreamObserver<ReduceRequest> requests = Objects.requireNonNull(call.get());
		sendDatums(requests::onNext);
		// The client reads nothing yet: once the transport is full, results wait in the
		// stream's queue, and its key sets pause.
		await().untilAsserted(() -> assertThat(this.sent.get()).as("results sent, %d written", writes.count())
			.isGreaterThanOrEqualTo(writes.count() + settings.maxPendingResults()));
		// The client reads again; a few more writes go through, then they fail.
		writes.failAfter(writes.count() + 3);
		requests.request(Integer.MAX_VALUE);

		Status status = FaultWindows.ended(recorder);
		assertThat(writes.failures()).as("failed writes").isPositive();
		assertThat(status.getCode()).as("status %s", status).isNotEqualTo(Status.Code.OK);
		assertNotBlamedOnTheUsersCode(status);
		assertEveryKeySetCancelledAndReleasedOnce();
	}

	@Test
	void aWriteThatThrowsOnAFakeCallClosesItOnceAndReleasesEveryPausedKeySet() {
		ReduceStreamServerSettings settings = TestServers.settings(this.directory, 2, 16, 4);
		ManualExecutor handlers = new ManualExecutor();
		ServerCallHandler<ReduceRequest, ReduceResponse> handler = reduceFn(
				ReduceStreamServices.create(settings, factory(8, 1), this.listener, handlers).bindService());
		FakeCall call = new FakeCall();
		ServerCall.Listener<ReduceRequest> requests = handler.startCall(call, new io.grpc.Metadata());
		requests.onReady();
		sendDatums(requests::onMessage);
		handlers.runAll();
		// The call is not ready: results wait in the stream's queue and key sets pause.
		assertThat(call.written).isEmpty();
		assertThat(this.sent.get()).isGreaterThanOrEqualTo(settings.maxPendingResults());
		assertThat(this.sent.get()).isLessThan(KEY_SETS * DATUMS_PER_KEY_SET);

		// The transport becomes ready: the first write goes through, the next one throws.
		call.failAfter = 1;
		call.ready = true;
		requests.onReady();
		handlers.runAll();

		assertThat(call.failures).as("failed writes").hasPositiveValue();
		assertThat(call.closes).as("how the call was closed").singleElement().satisfies((status) -> {
			assertThat(status.getCode()).isNotEqualTo(Status.Code.OK);
			assertNotBlamedOnTheUsersCode(status);
		});
		assertEveryKeySetCancelledAndReleasedOnce();
	}

	/**
	 * {@link #DATUMS_PER_KEY_SET} datums of each of {@link #KEY_SETS} key sets,
	 * interleaved, without a half-close.
	 */
	private static void sendDatums(java.util.function.Consumer<ReduceRequest> requests) {
		for (int i = 0; i < DATUMS_PER_KEY_SET; i++) {
			for (int k = 0; k < KEY_SETS; k++) {
				requests.accept((i == 0) ? ReduceClient.open(WINDOW, List.of("k" + k), "x")
						: ReduceClient.append(WINDOW, List.of("k" + k), "x"));
			}
		}
	}

	private void assertNotBlamedOnTheUsersCode(Status status) {
		assertThat(status.getCode() == Status.Code.INTERNAL
				&& String.valueOf(status.getDescription()).startsWith("UDF_EXECUTION_ERROR"))
			.as("the stream ended with %s", status)
			.isFalse();
	}

	/**
	 * The window never half-closed: every key set created is told it was cancelled, then
	 * released, once; the listener saw the stream and every key set closed, and no
	 * handler failure.
	 */
	private void assertEveryKeySetCancelledAndReleasedOnce() {
		await().untilAsserted(
				() -> assertThat(count("release:")).as("releases, after %s", this.events).isEqualTo(count("create:")));
		assertThat(count("create:")).isPositive();
		assertThat(this.listener.errors(ErrorKind.HANDLER)).as("error(HANDLER) calls").isZero();
		List<String> keys = this.events.stream()
			.filter((event) -> event.startsWith("create:"))
			.map((event) -> event.substring("create:".length()))
			.toList();
		for (String key : keys) {
			assertThat(this.events).as("what happened to key set %s", key)
				.filteredOn((event) -> event.endsWith(":" + key))
				.containsExactly("create:" + key, "cancel:" + key, "release:" + key);
		}
		await().untilAsserted(this.listener::assertAllClosed);
		assertThat(this.listener.calls(FaultyListener.Callback.STREAM_CLOSED)).isEqualTo(1);
	}

	private long count(String prefix) {
		return this.events.stream().filter((event) -> event.startsWith(prefix)).count();
	}

	/**
	 * Streamers that send {@code resultsPerDatum} results of {@code resultSize} bytes for
	 * each datum, and record what happens to them.
	 */
	private ReduceStreamerFactory factory(int resultSize, int resultsPerDatum) {
		String value = "r".repeat(resultSize);
		return new ReduceStreamerFactory() {

			@Override
			public ReduceStreamer create(Metadata metadata) {
				String key = metadata.keys().get(0);
				WriteFaultTests.this.events.add("create:" + key);
				return new ReduceStreamer() {

					@Override
					public void onDatum(Datum datum, Output output, Metadata md) {
						for (int i = 0; i < resultsPerDatum; i++) {
							output.send(Message.of(value, md.keys()));
							WriteFaultTests.this.sent.incrementAndGet();
						}
					}

					@Override
					public void onEndOfInput(Output output, Metadata md) {
						WriteFaultTests.this.events.add("end:" + key);
					}

					@Override
					public void onCancel(Metadata md) {
						WriteFaultTests.this.events.add("cancel:" + key);
					}

					@Override
					public String toString() {
						return key;
					}

				};
			}

			@Override
			public void release(ReduceStreamer streamer) {
				WriteFaultTests.this.events.add("release:" + streamer);
			}

		};
	}

	@SuppressWarnings("unchecked")
	private static ServerCallHandler<ReduceRequest, ReduceResponse> reduceFn(io.grpc.ServerServiceDefinition service) {
		ServerMethodDefinition<?, ?> method = service.getMethod(ReduceGrpc.getReduceFnMethod().getFullMethodName());
		return (ServerCallHandler<ReduceRequest, ReduceResponse>) Objects.requireNonNull(method).getServerCallHandler();
	}

	private static RuntimeException thrown(Throwable failure) {
		if (failure instanceof Error error) {
			throw error;
		}
		if (failure instanceof RuntimeException runtime) {
			return runtime;
		}
		return new IllegalStateException(failure);
	}

	/** Thrown by a write: an Error, not an Exception. */
	static final class InjectedWriteError extends Error {

		InjectedWriteError(String message) {
			super(message);
		}

	}

	/**
	 * Breaks the writes of every call: once {@link #failAfter} messages have been
	 * written, each {@code sendMessage} throws.
	 */
	private static final class FailingWrites implements ServerInterceptor {

		private final Supplier<? extends Throwable> failure;

		private final AtomicInteger written = new AtomicInteger();

		private final AtomicInteger failures = new AtomicInteger();

		private volatile int failAfter = Integer.MAX_VALUE;

		FailingWrites(Supplier<? extends Throwable> failure) {
			this.failure = failure;
		}

		int count() {
			return this.written.get();
		}

		int failures() {
			return this.failures.get();
		}

		void failAfter(int messages) {
			this.failAfter = messages;
		}

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, io.grpc.Metadata headers,
				ServerCallHandler<Q, R> next) {
			return next.startCall(new SimpleForwardingServerCall<>(call) {

				@Override
				public void sendMessage(R message) {
					if (FailingWrites.this.written.get() >= FailingWrites.this.failAfter) {
						FailingWrites.this.failures.incrementAndGet();
						throw thrown(FailingWrites.this.failure.get());
					}
					FailingWrites.this.written.incrementAndGet();
					super.sendMessage(message);
				}

			}, headers);
		}

	}

	/** A client call that reads no response until the test requests them. */
	private record NotReading(ResponseRecorder recorder,
			java.util.function.Consumer<ClientCallStreamObserver<ReduceRequest>> onStart)
			implements
				ClientResponseObserver<ReduceRequest, ReduceResponse> {

		@Override
		public void beforeStart(ClientCallStreamObserver<ReduceRequest> requestStream) {
			requestStream.disableAutoRequestWithInitial(0);
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

	/** A handler pool whose tasks run when the test says, on the test's thread. */
	private static final class ManualExecutor implements Executor {

		private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

		@Override
		public synchronized void execute(Runnable task) {
			this.tasks.add(task);
		}

		private synchronized @Nullable Runnable next() {
			return this.tasks.poll();
		}

		/** Run every task, also those the tasks queue, until none is left. */
		void runAll() {
			for (int i = 0; i < 1_000_000; i++) {
				Runnable task = next();
				if (task == null) {
					return;
				}
				task.run();
			}
			throw new IllegalStateException("The tasks never stop queueing tasks");
		}

	}

	/**
	 * The server side of a call, as the transport would drive it: written messages are
	 * kept, and {@code sendMessage} throws once {@link #failAfter} have been written.
	 */
	private static final class FakeCall extends ServerCall<ReduceRequest, ReduceResponse> {

		final List<ReduceResponse> written = new CopyOnWriteArrayList<>();

		final List<Status> closes = new CopyOnWriteArrayList<>();

		final AtomicInteger failures = new AtomicInteger();

		volatile int failAfter = Integer.MAX_VALUE;

		volatile boolean ready;

		@Override
		public void request(int numMessages) {
		}

		@Override
		public void sendHeaders(io.grpc.Metadata headers) {
		}

		@Override
		public void sendMessage(ReduceResponse message) {
			if (this.written.size() >= this.failAfter) {
				this.failures.incrementAndGet();
				throw new IllegalStateException("injected write failure");
			}
			this.written.add(message);
		}

		@Override
		public boolean isReady() {
			return this.ready && this.closes.isEmpty();
		}

		@Override
		public void close(Status status, io.grpc.Metadata trailers) {
			this.closes.add(status);
		}

		@Override
		public boolean isCancelled() {
			return false;
		}

		@Override
		public MethodDescriptor<ReduceRequest, ReduceResponse> getMethodDescriptor() {
			return ReduceGrpc.getReduceFnMethod();
		}

	}

}
