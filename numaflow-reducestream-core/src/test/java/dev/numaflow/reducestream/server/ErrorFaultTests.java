package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static dev.numaflow.reducestream.server.FaultWindows.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link Error} (not a RuntimeException) thrown during a key set's turn, by the user's
 * streamer, by a custom {@link ReduceStreamerFactory} or by the runtime itself: the
 * stream ends with a status instead of hanging, the other key sets are told and released,
 * every key set and stream is closed, and the server serves the next window. All over a
 * real Unix domain socket.
 */
class ErrorFaultTests {

	private static final Window WINDOW = FaultWindows.window(1);

	/** The key whose streamer (or its creation) fails. */
	private static final String FAILING = "boom";

	@TempDir
	Path directory;

	/**
	 * What happened to each key set, in order: "create:k", "datum:k", "end:k" (its
	 * {@code onEndOfInput} returned), "cancel:k", "release:k".
	 */
	private final Queue<String> events = new ConcurrentLinkedQueue<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private Set<Fault> faults = EnumSet.noneOf(Fault.class);

	private FaultyListener listener = new FaultyListener();

	private @Nullable ReduceStreamServer server;

	private @Nullable ReduceClient client;

	/** Where an {@link InjectedError} is thrown. */
	enum Fault {

		ON_DATUM, ON_END_OF_INPUT, CREATE, RELEASE

	}

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	private void start(Set<Fault> faults) {
		this.faults = faults;
		ReduceStreamServer started = TestServers.start(TestServers.settings(this.directory), new RecordingFactory(),
				this.listener, null);
		this.resources.add(started::stop);
		this.server = started;
		ReduceClient connected = ReduceClient.connect(started.getSocketPath());
		this.resources.add(0, connected);
		this.client = connected;
	}

	private ReduceStreamServer server() {
		return Objects.requireNonNull(this.server);
	}

	private ReduceClient client() {
		return Objects.requireNonNull(this.client);
	}

	@Test
	void anErrorFromOnDatumEndsTheStreamAndCancelsAndReleasesEveryOtherKeySet() throws Exception {
		start(EnumSet.of(Fault.ON_DATUM));
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = startedKeySets(recorder, "a", "b");
		requests.onNext(ReduceClient.append(WINDOW, List.of(FAILING), "x"));
		assertUdfExecutionError(FaultWindows.ended(recorder));
		awaitEveryStreamerReleased();
		assertThat(eventsOf("a")).containsExactly("create:a", "datum:a", "cancel:a", "release:a");
		assertThat(eventsOf("b")).containsExactly("create:b", "datum:b", "cancel:b", "release:b");
		assertThat(eventsOf(FAILING)).containsExactly("create:boom", "datum:boom", "release:boom");
		assertEveryStreamClosed();
		assertTheNextWindowIsServed();
	}

	@Test
	void anErrorFromOnEndOfInputEndsTheStreamAndReleasesEveryKeySetOnce() throws Exception {
		start(EnumSet.of(Fault.ON_END_OF_INPUT));
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = startedKeySets(recorder, "a", "b", FAILING);
		requests.onCompleted();
		assertUdfExecutionError(FaultWindows.ended(recorder));
		awaitEveryStreamerReleased();
		// The others may have ended before the failure, or been cancelled: one or the
		// other, once, then released.
		for (String key : List.of("a", "b")) {
			assertThat(eventsOf(key)).isIn(List.of("create:" + key, "datum:" + key, "end:" + key, "release:" + key),
					List.of("create:" + key, "datum:" + key, "cancel:" + key, "release:" + key));
		}
		assertThat(eventsOf(FAILING)).containsExactly("create:boom", "datum:boom", "release:boom");
		assertEveryStreamClosed();
		assertTheNextWindowIsServed();
	}

	@Test
	void anErrorFromTheFactorysCreateEndsTheStreamAndCancelsAndReleasesEveryOtherKeySet() throws Exception {
		start(EnumSet.of(Fault.CREATE));
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = startedKeySets(recorder, "a", "b");
		requests.onNext(ReduceClient.append(WINDOW, List.of(FAILING), "x"));
		assertUdfExecutionError(FaultWindows.ended(recorder));
		awaitEveryStreamerReleased();
		assertThat(eventsOf("a")).containsExactly("create:a", "datum:a", "cancel:a", "release:a");
		assertThat(eventsOf("b")).containsExactly("create:b", "datum:b", "cancel:b", "release:b");
		assertThat(eventsOf(FAILING)).isEmpty();
		assertEveryStreamClosed();
		assertTheNextWindowIsServed();
	}

	@Test
	void anErrorFromTheFactorysReleaseAfterTheKeySetsEndStillCompletesTheWindowWithItsResults() throws Exception {
		start(EnumSet.of(Fault.RELEASE));
		ResponseRecorder recorder = FaultWindows.countWindow(client(), WINDOW, "a", "b");
		FaultWindows.assertCounted(recorder, WINDOW, "a", "b");
		awaitEveryStreamerReleased();
		assertThat(eventsOf("a")).containsExactly("create:a", "datum:a", "datum:a", "datum:a", "datum:a", "datum:a",
				"end:a", "release:a");
		assertEveryStreamClosed();
		assertTheNextWindowIsServed();
	}

	@Test
	void anErrorFromTheFactorysReleaseWhenTheConnectionGoesStillClosesEveryKeySet() throws Exception {
		start(EnumSet.of(Fault.RELEASE));
		ReduceClient lost = ReduceClient.connect(server().getSocketPath());
		this.resources.add(0, lost);
		startedKeySets(lost.async().reduceFn(new ResponseRecorder()), "a", "b", "c");
		lost.close();
		awaitEveryStreamerReleased();
		for (String key : List.of("a", "b", "c")) {
			assertThat(eventsOf(key)).containsExactly("create:" + key, "datum:" + key, "cancel:" + key,
					"release:" + key);
		}
		assertEveryStreamClosed();
		assertTheNextWindowIsServed();
	}

	@Test
	void anErrorFromTheRuntimeDuringATurnNeverLeavesTheKeySetClaimedOrTheStreamHanging() throws Exception {
		// The runtime's own code throws an Error once, in a turn: here its call of the
		// listener after the turn's datums.
		AtomicBoolean thrown = new AtomicBoolean();
		this.listener = new FaultyListener() {
			@Override
			public void handlerCompleted(long nanos) {
				super.handlerCompleted(nanos);
				if (thrown.compareAndSet(false, true)) {
					throw new InjectedError("from the runtime");
				}
			}
		};
		start(EnumSet.noneOf(Fault.class));
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = startedKeySets(recorder, "a", "b");
		for (int i = 1; i < FaultWindows.DATUMS_PER_KEY_SET; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("a"), "x"));
			requests.onNext(ReduceClient.append(WINDOW, List.of("b"), "x"));
		}
		requests.onCompleted();
		FaultWindows.ended(recorder);
		assertThat(thrown).isTrue();
		awaitEveryStreamerReleased();
		for (String key : List.of("a", "b")) {
			assertThat(eventsOf(key)).as("what happened to key set %s", key)
				.filteredOn((event) -> event.startsWith("end:") || event.startsWith("cancel:"))
				.hasSize(1);
			assertThat(eventsOf(key)).as("what happened to key set %s", key)
				.filteredOn((event) -> event.startsWith("release:"))
				.hasSize(1);
		}
		assertEveryStreamClosed();
		assertTheNextWindowIsServed();
	}

	/**
	 * Open a stream with one datum of each key, and wait until each key set has handled
	 * it.
	 */
	private StreamObserver<ReduceRequest> startedKeySets(ResponseRecorder recorder, String... keys) {
		return startedKeySets(client().async().reduceFn(recorder), keys);
	}

	private StreamObserver<ReduceRequest> startedKeySets(StreamObserver<ReduceRequest> requests, String... keys) {
		for (int i = 0; i < keys.length; i++) {
			requests.onNext((i == 0) ? ReduceClient.open(WINDOW, List.of(keys[i]), "x")
					: ReduceClient.append(WINDOW, List.of(keys[i]), "x"));
		}
		await().until(() -> List.of(keys).stream().allMatch((key) -> handledADatum(key)));
		return requests;
	}

	private boolean handledADatum(String key) {
		return this.events.contains("datum:" + key);
	}

	private static void assertUdfExecutionError(Status status) {
		assertThat(status.getCode()).as("status %s", status).isEqualTo(Status.Code.INTERNAL);
		assertThat(status.getDescription()).startsWith("UDF_EXECUTION_ERROR(unknown-container): ")
			.contains(InjectedError.class.getName());
	}

	/** Every streamer created has been released (and none more). */
	private void awaitEveryStreamerReleased() {
		await().untilAsserted(
				() -> assertThat(count("release:")).as("releases, after %s", this.events).isEqualTo(count("create:")));
	}

	/**
	 * The listener saw every opened stream and key set closed, and the server counts no
	 * active stream.
	 */
	private void assertEveryStreamClosed() {
		await().untilAsserted(() -> {
			this.listener.assertAllClosed();
			assertThat(server().getActiveStreams()).as("the server's active streams").isZero();
		});
	}

	/** A following window of two good key sets completes with exactly its results. */
	private void assertTheNextWindowIsServed() throws Exception {
		Window next = FaultWindows.window(2);
		ResponseRecorder recorder = FaultWindows.countWindow(client(), next, "x", "y");
		FaultWindows.assertCounted(recorder, next, "x", "y");
		awaitEveryStreamerReleased();
		assertEveryStreamClosed();
	}

	private long count(String prefix) {
		return this.events.stream().filter((event) -> event.startsWith(prefix)).count();
	}

	private List<String> eventsOf(String key) {
		return this.events.stream().filter((event) -> event.endsWith(":" + key)).toList();
	}

	/** Thrown where a test injects a fault: an Error, not an Exception. */
	static final class InjectedError extends Error {

		InjectedError(String message) {
			super(message);
		}

	}

	/** Creates {@link Recording} streamers, failing where the test says. */
	private final class RecordingFactory implements ReduceStreamerFactory {

		@Override
		public ReduceStreamer create(Metadata metadata) {
			String key = metadata.keys().get(0);
			if (ErrorFaultTests.this.faults.contains(Fault.CREATE) && key.equals(FAILING)) {
				throw new InjectedError("create " + key);
			}
			ErrorFaultTests.this.events.add("create:" + key);
			return new Recording(key);
		}

		@Override
		public void release(ReduceStreamer streamer) {
			String key = ((Recording) streamer).key;
			ErrorFaultTests.this.events.add("release:" + key);
			if (ErrorFaultTests.this.faults.contains(Fault.RELEASE)) {
				throw new InjectedError("release " + key);
			}
		}

	}

	/** A counting streamer that records its calls, and fails where the test says. */
	private final class Recording extends CountingStreamer {

		private final String key;

		Recording(String key) {
			super(2);
			this.key = key;
		}

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			ErrorFaultTests.this.events.add("datum:" + this.key);
			if (ErrorFaultTests.this.faults.contains(Fault.ON_DATUM) && this.key.equals(FAILING)) {
				throw new InjectedError("onDatum " + this.key);
			}
			super.onDatum(datum, output, metadata);
		}

		@Override
		public void onEndOfInput(Output output, Metadata metadata) {
			if (ErrorFaultTests.this.faults.contains(Fault.ON_END_OF_INPUT) && this.key.equals(FAILING)) {
				throw new InjectedError("onEndOfInput " + this.key);
			}
			super.onEndOfInput(output, metadata);
			ErrorFaultTests.this.events.add("end:" + this.key);
		}

		@Override
		public void onCancel(Metadata metadata) {
			ErrorFaultTests.this.events.add("cancel:" + this.key);
		}

	}

}
