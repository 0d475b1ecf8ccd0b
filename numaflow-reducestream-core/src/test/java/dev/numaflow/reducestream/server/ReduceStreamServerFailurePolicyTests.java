package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.server.ReduceStreamServer.State;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What happens after user code throws: with a fatal error handler (the fail-fast policy)
 * the failing stream is told first, then the handler runs once; without one the server
 * keeps serving.
 */
class ReduceStreamServerFailurePolicyTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	Path directory;

	private final LifecycleFixtures fixtures = new LifecycleFixtures();

	/** The exceptions the streamers threw, in order. */
	private final List<Throwable> thrown = new CopyOnWriteArrayList<>();

	/** What the listener was told about failures and stream ends, in order. */
	private final List<String> events = new CopyOnWriteArrayList<>();

	/** Each call of the fatal error handler. */
	private final List<FatalCall> fatalCalls = new CopyOnWriteArrayList<>();

	/**
	 * Key sets closed: a failing key set closes after the failure policy has been applied
	 * to it.
	 */
	private final AtomicInteger keySetsClosed = new AtomicInteger();

	@AfterEach
	void close() {
		this.fixtures.close();
	}

	/**
	 * A counting server whose streamers throw on a datum valued {@code boom}, started.
	 */
	private ReduceStreamServer start(@Nullable Consumer<Throwable> fatalErrorHandler) {
		ReduceStreamServer server = this.fixtures.server(TestServers.settings(this.directory),
				(metadata) -> new CountingStreamer(20) {
					@Override
					public void onDatum(Datum datum, Output output, Metadata md) {
						if (datum.valueAsString().equals("boom")) {
							IllegalStateException failure = new IllegalStateException("boom");
							ReduceStreamServerFailurePolicyTests.this.thrown.add(failure);
							throw failure;
						}
						super.onDatum(datum, output, md);
					}
				}, new EventRecorder(), fatalErrorHandler);
		server.start();
		return server;
	}

	/** The fatal error handler: records each call and what had happened before it. */
	private void recordFatalCall(Throwable cause) {
		this.fatalCalls.add(new FatalCall(cause, List.copyOf(this.events), Thread.currentThread().getName()));
	}

	/** One window of key {@code a} with the given datum values; how the stream ended. */
	private static ResponseRecorder oneWindow(ReduceClient client, String... values) throws Exception {
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int i = 0; i < values.length; i++) {
			requests.onNext((i == 0) ? ReduceClient.open(LifecycleFixtures.WINDOW, List.of("a"), values[i])
					: ReduceClient.append(LifecycleFixtures.WINDOW, List.of("a"), values[i]));
		}
		requests.onCompleted();
		recorder.awaitEnd(TIMEOUT);
		return recorder;
	}

	/**
	 * Wait until the failure policy has been applied to as many key sets as closed (each
	 * closes after it), and any fatal error handler it started has returned.
	 */
	private void awaitFailurePolicyApplied(int keySets) throws InterruptedException {
		await().atMost(TIMEOUT).until(() -> this.keySetsClosed.get() == keySets);
		for (Thread thread : ThreadStates.named("reducestream-fail-fast")) {
			thread.join(TIMEOUT.toMillis());
		}
	}

	private static void assertUdfExecutionError(ResponseRecorder recorder) throws Exception {
		Status status = recorder.awaitEnd(TIMEOUT);
		assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(status.getDescription())
			.isEqualTo("UDF_EXECUTION_ERROR(unknown-container): java.lang.IllegalStateException: boom");
	}

	@Test
	void theFailingStreamEndsWithUdfExecutionErrorBeforeTheFatalErrorHandlerIsCalledWithTheException()
			throws Exception {
		ReduceStreamServer server = start(this::recordFatalCall);
		ReduceClient client = this.fixtures.client(server.getSocketPath());
		assertUdfExecutionError(oneWindow(client, "x", "boom"));
		await().atMost(TIMEOUT).until(() -> !this.fatalCalls.isEmpty());
		FatalCall call = this.fatalCalls.get(0);
		assertThat(call.cause()).isSameAs(this.thrown.get(0));
		assertThat(call.eventsBefore()).containsExactly("error:HANDLER", "streamClosed:ERROR");
		assertThat(call.thread()).isEqualTo("reducestream-fail-fast");
	}

	@Test
	void aFatalFailureLeavesTheServerFailed() throws Exception {
		ReduceStreamServer server = start(this::recordFatalCall);
		ReduceClient client = this.fixtures.client(server.getSocketPath());
		assertUdfExecutionError(oneWindow(client, "boom"));
		await().atMost(TIMEOUT).until(server::getState, State.FAILED::equals);
		server.stop();
		assertThat(server.getState()).isEqualTo(State.FAILED);
	}

	@Test
	void theFatalErrorHandlerIsCalledOnceWhenMoreStreamsFail() throws Exception {
		ReduceStreamServer server = start(this::recordFatalCall);
		ReduceClient client = this.fixtures.client(server.getSocketPath());
		assertUdfExecutionError(oneWindow(client, "boom"));
		await().atMost(TIMEOUT).until(() -> !this.fatalCalls.isEmpty());
		assertUdfExecutionError(oneWindow(client, "boom"));
		assertUdfExecutionError(oneWindow(client, "boom"));
		awaitFailurePolicyApplied(3);
		assertThat(this.fatalCalls).hasSize(1);
		assertThat(this.thrown).hasSize(3);
		assertThat(this.fatalCalls.get(0).cause()).isSameAs(this.thrown.get(0));
	}

	@Test
	void withoutAFatalErrorHandlerTheServerKeepsRunningAndServesTheNextStream() throws Exception {
		ReduceStreamServer server = start(null);
		ReduceClient client = this.fixtures.client(server.getSocketPath());
		assertUdfExecutionError(oneWindow(client, "x", "boom"));
		await().atMost(TIMEOUT).until(() -> this.events.contains("streamClosed:ERROR"));
		assertThat(server.getState()).isEqualTo(State.RUNNING);
		ResponseRecorder next = oneWindow(client, "x", "x", "x");
		assertThat(next.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(next.resultValues()).containsExactly("counter:3");
		assertThat(server.getState()).isEqualTo(State.RUNNING);
	}

	@Test
	@HandlerPoolOnly
	void handlersInterruptedByAStopAfterTheGracePeriodAreNotFailuresOfUserCode() throws Exception {
		int streams = 4;
		CountDownLatch never = new CountDownLatch(1);
		AtomicInteger blocked = new AtomicInteger();
		ReduceStreamServer server = this.fixtures.server(
				new ReduceStreamServerSettings(this.directory.resolve("rs.sock"), this.directory.resolve("server-info"),
						1024 * 1024, streams, 1, 64, 64, Duration.ofMillis(100), "udf"),
				(metadata) -> (datum, output, md) -> {
					blocked.incrementAndGet();
					never.await();
				}, new EventRecorder(), this::recordFatalCall);
		server.start();
		ReduceClient client = this.fixtures.client(server.getSocketPath());
		for (int i = 0; i < streams; i++) {
			client.async()
				.reduceFn(new ResponseRecorder())
				.onNext(ReduceClient.open(LifecycleFixtures.WINDOW, List.of("k" + i), "x"));
		}
		await().atMost(TIMEOUT).until(() -> blocked.get() == streams);
		server.stop();
		await().atMost(TIMEOUT)
			.until(() -> this.events.stream().filter((event) -> event.startsWith("streamClosed:")).count() == streams);
		assertThat(this.events).containsOnly("streamClosed:CANCELLED");
		assertThat(server.getState()).isEqualTo(State.STOPPED);
		awaitFailurePolicyApplied(streams);
		assertThat(this.fatalCalls).isEmpty();
	}

	@Test
	void aListenerThatThrowsFromHandlerCompletedDoesNotFailTheStream() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		ReduceStreamServer server = this.fixtures.server(TestServers.settings(this.directory),
				(metadata) -> new CountingStreamer(20), new ReduceStreamListener() {
					@Override
					public void handlerCompleted(long nanos) {
						calls.incrementAndGet();
						throw new IllegalStateException("a broken listener");
					}
				}, this::recordFatalCall);
		server.start();
		ReduceClient client = this.fixtures.client(server.getSocketPath());
		ResponseRecorder recorder = oneWindow(client, "x", "x", "x");
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(recorder.resultValues()).containsExactly("counter:3");
		assertThat(calls.get()).isPositive();
		assertThat(this.fatalCalls).isEmpty();
	}

	/** Records stream ends and failures into {@link #events}. */
	private final class EventRecorder implements ReduceStreamListener {

		@Override
		public void streamClosed(Outcome outcome) {
			ReduceStreamServerFailurePolicyTests.this.events.add("streamClosed:" + outcome);
		}

		@Override
		public void error(ErrorKind kind) {
			ReduceStreamServerFailurePolicyTests.this.events.add("error:" + kind);
		}

		@Override
		public void keySetClosed() {
			ReduceStreamServerFailurePolicyTests.this.keySetsClosed.incrementAndGet();
		}

	}

	private record FatalCall(Throwable cause, List<String> eventsBefore, String thread) {

	}

}
