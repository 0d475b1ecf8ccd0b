package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.server.ReduceStreamListener.ErrorKind;
import dev.numaflow.reducestream.server.ReduceStreamServer.State;

import static dev.numaflow.reducestream.server.FaultWindows.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link ReduceStreamListener} that throws, from any callback, is a fault of a metrics
 * bean, not of the stream: streams complete with exactly the right results, a throwing
 * listener is never reported as the user's {@code UDF_EXECUTION_ERROR}, the fail-fast
 * policy still applies when the user's code does throw, and the failure is logged at WARN
 * naming the listener, at most once a minute. All over a real Unix domain socket.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerFaultTests {

	@TempDir
	Path directory;

	private final List<AutoCloseable> resources = new ArrayList<>();

	/** Each call of the fatal error handler. */
	private final List<Throwable> fatalCalls = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	/** The listener throws from every callback, then from each one alone. */
	static Stream<Arguments> throwingCallbacks() {
		List<Arguments> arguments = new ArrayList<>();
		arguments.add(Arguments.of("every callback", EnumSet.allOf(FaultyListener.Callback.class)));
		for (FaultyListener.Callback callback : FaultyListener.Callback.values()) {
			arguments.add(Arguments.of(callback.name(), EnumSet.of(callback)));
		}
		return arguments.stream();
	}

	private ReduceStreamServer start(ReduceStreamerFactory factory, ReduceStreamListener listener, boolean failFast) {
		ReduceStreamServer server = TestServers.start(TestServers.settings(this.directory), factory, listener,
				failFast ? this.fatalCalls::add : null);
		this.resources.add(server::stop);
		return server;
	}

	@ParameterizedTest(name = "throwing from {0}")
	@MethodSource("throwingCallbacks")
	void twoWindowsInARowCompleteWithExactlyTheRightResultsWhenTheListenerThrows(String name,
			Set<FaultyListener.Callback> throwing) throws Exception {
		FaultyListener listener = new FaultyListener(throwing);
		ReduceStreamServer server = start((metadata) -> FaultWindows.streamer(), listener, true);
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			for (int n = 1; n <= 2; n++) {
				ResponseRecorder recorder = FaultWindows.countWindow(client, FaultWindows.window(n), "a", "b");
				FaultWindows.assertCounted(recorder, FaultWindows.window(n), "a", "b");
			}
		}
		await().untilAsserted(listener::assertAllClosed);
		assertThat(listener.calls(FaultyListener.Callback.STREAM_CLOSED)).isEqualTo(2);
		assertThat(server.getActiveStreams()).isZero();
		assertThat(this.fatalCalls).isEmpty();
	}

	@Test
	void userCodeIsTimedOnlyWhileTheListenerWantsTheTimes() throws Exception {
		AtomicBoolean wanted = new AtomicBoolean();
		FaultyListener listener = new FaultyListener() {
			@Override
			public boolean timesHandlers() {
				super.timesHandlers();
				return wanted.get();
			}
		};
		ReduceStreamServer server = start((metadata) -> FaultWindows.streamer(), listener, true);
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			ResponseRecorder untimed = FaultWindows.countWindow(client, FaultWindows.window(1), "a", "b");
			FaultWindows.assertCounted(untimed, FaultWindows.window(1), "a", "b");
			assertThat(listener.calls(FaultyListener.Callback.TIMES_HANDLERS)).isPositive();
			assertThat(listener.calls(FaultyListener.Callback.HANDLER_COMPLETED)).isZero();
			wanted.set(true);
			ResponseRecorder timed = FaultWindows.countWindow(client, FaultWindows.window(2), "a", "b");
			FaultWindows.assertCounted(timed, FaultWindows.window(2), "a", "b");
		}
		await().untilAsserted(listener::assertAllClosed);
		// Every datum and each key set's end of input of the second window.
		assertThat(listener.calls(FaultyListener.Callback.HANDLER_COMPLETED))
			.isEqualTo(listener.calls(FaultyListener.Callback.DATUM_RECEIVED) / 2 + 2);
	}

	@ParameterizedTest(name = "throwing from {0}")
	@MethodSource("throwingCallbacks")
	void aThrowingListenerIsNeverReportedAsAFailureOfTheUsersCode(String name, Set<FaultyListener.Callback> throwing)
			throws Exception {
		FaultyListener listener = new FaultyListener(throwing);
		ReduceStreamServer server = start((metadata) -> FaultWindows.streamer(), listener, true);
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			ResponseRecorder recorder = FaultWindows.countWindow(client, FaultWindows.window(1), "a", "b");
			Status status = FaultWindows.ended(recorder);
			assertThat(status.getCode() == Status.Code.INTERNAL
					&& String.valueOf(status.getDescription()).startsWith("UDF_EXECUTION_ERROR"))
				.as("the stream ended with %s", status)
				.isFalse();
		}
		// The stream's end on the server: a handler failure would have been reported by
		// then.
		await().untilAsserted(listener::assertAllClosed);
		assertThat(listener.errors(ErrorKind.HANDLER)).as("error(HANDLER) calls").isZero();
		assertThat(this.fatalCalls).as("calls of the fatal error handler").isEmpty();
		assertThat(server.getState()).isEqualTo(State.RUNNING);
	}

	static Stream<Arguments> listenersThrowingOnAFailure() {
		return Stream.of(Arguments.of("every callback", EnumSet.allOf(FaultyListener.Callback.class)),
				Arguments.of("error", EnumSet.of(FaultyListener.Callback.ERROR)),
				Arguments.of("streamClosed", EnumSet.of(FaultyListener.Callback.STREAM_CLOSED)));
	}

	@ParameterizedTest(name = "throwing from {0}")
	@MethodSource("listenersThrowingOnAFailure")
	void whenTheUsersCodeThrowsBesideAThrowingListenerTheStreamFailsWithUdfExecutionErrorAndTheFatalErrorHandlerIsCalled(
			String name, Set<FaultyListener.Callback> throwing) throws Exception {
		List<Throwable> thrown = new CopyOnWriteArrayList<>();
		ReduceStreamServer server = start((metadata) -> new CountingStreamer(2) {
			@Override
			public void onDatum(Datum datum, Output output, Metadata md) {
				if (datum.valueAsString().equals("boom")) {
					// Made here, on the handler thread: a short stack trace, as user code
					// has.
					IllegalStateException boom = new IllegalStateException("boom");
					thrown.add(boom);
					throw boom;
				}
				super.onDatum(datum, output, md);
			}
		}, new FaultyListener(throwing), true);
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			ResponseRecorder recorder = new ResponseRecorder();
			StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
			requests.onNext(ReduceClient.open(FaultWindows.window(1), List.of("a"), "x"));
			requests.onNext(ReduceClient.append(FaultWindows.window(1), List.of("a"), "boom"));
			requests.onCompleted();
			Status status = FaultWindows.ended(recorder);
			assertThat(status.getCode()).as("status %s", status).isEqualTo(Status.Code.INTERNAL);
			assertThat(status.getDescription()).startsWith("UDF_EXECUTION_ERROR");
		}
		await().untilAsserted(() -> assertThat(this.fatalCalls).as("calls of the fatal error handler").isNotEmpty());
		assertThat(this.fatalCalls).containsExactlyElementsOf(thrown);
		assertThat(server.getState()).isEqualTo(State.FAILED);
	}

	@Test
	void aThrowingListenerIsLoggedAtWarnNamingItsClassOnceAMinute(CapturedOutput output) throws Exception {
		OnlyWarnedOnceListener listener = new OnlyWarnedOnceListener();
		ReduceStreamServer server = start((metadata) -> FaultWindows.streamer(), listener, false);
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			for (int n = 1; n <= 2; n++) {
				ResponseRecorder recorder = FaultWindows.countWindow(client, FaultWindows.window(n), "a", "b");
				FaultWindows.ended(recorder);
			}
		}
		await().untilAsserted(
				() -> assertThat(warnings(output)).as("WARN lines naming the listener's class").isNotEmpty());
		// Both windows have ended on the server too: what they logged is in the output.
		await().untilAsserted(listener::assertAllClosed);
		assertThat(warnings(output)).as("WARN lines naming the listener's class, for two windows").hasSize(1);
	}

	/** The log lines at WARN that name {@link OnlyWarnedOnceListener}. */
	private static List<String> warnings(CapturedOutput output) {
		return output.getAll()
			.lines()
			.filter((line) -> line.contains("WARN") && line.contains(OnlyWarnedOnceListener.class.getSimpleName()))
			.toList();
	}

	/**
	 * Throws from every callback; a class of its own, so that its WARN lines are its own.
	 */
	static final class OnlyWarnedOnceListener extends FaultyListener {

		OnlyWarnedOnceListener() {
			super(EnumSet.allOf(FaultyListener.Callback.class));
		}

	}

}
