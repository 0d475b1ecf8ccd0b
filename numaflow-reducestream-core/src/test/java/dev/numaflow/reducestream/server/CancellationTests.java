package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A streamer knows when its window's stream ends early: {@link ReduceStreamer#onCancel}
 * runs once per started key set, before the instance is released, when the client
 * cancels, its deadline expires or its connection goes away; never after a normal end.
 */
class CancellationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Window WINDOW = ReduceClient.window(0, 60_000);

	@TempDir
	Path directory;

	/** What happened to each key set, in order: "cancel:k", "release:k", "end:k". */
	private final Queue<String> events = new ConcurrentLinkedQueue<>();

	private ReduceStreamServer server;

	@BeforeEach
	void start() {
		this.server = TestServers.start(TestServers.settings(this.directory), new ReduceStreamerFactory() {

			@Override
			public ReduceStreamer create(Metadata metadata) {
				return new Recording(CancellationTests.this.events);
			}

			@Override
			public void release(ReduceStreamer streamer) {
				CancellationTests.this.events.add("release:" + ((Recording) streamer).key);
			}

		});
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void aClientCancellationTellsEveryStartedKeySetBeforeReleasingIt() throws Exception {
		try (ReduceClient client = ReduceClient.connect(this.server.getSocketPath())) {
			AtomicReference<ClientCallStreamObserver<ReduceRequest>> call = new AtomicReference<>();
			ResponseRecorder recorder = new ResponseRecorder();
			client.async().reduceFn(recorder.capturing(call));
			ClientCallStreamObserver<ReduceRequest> requests = Objects.requireNonNull(call.get());
			sendTwoKeySets(requests);
			requests.cancel("test cancels", null);
			assertCancelledAndReleased();
		}
	}

	@Test
	void anExpiredDeadlineTellsEveryStartedKeySet() throws Exception {
		try (ReduceClient client = ReduceClient.connect(this.server.getSocketPath())) {
			ResponseRecorder recorder = new ResponseRecorder();
			StreamObserver<ReduceRequest> requests = client.async()
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.reduceFn(recorder);
			requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "1"));
			requests.onNext(ReduceClient.open(WINDOW, List.of("b"), "1"));
			assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
			// On a loaded machine a key set may not have started before the deadline:
			// each
			// one that did is told, then released.
			await().atMost(TIMEOUT)
				.until(() -> this.events.stream().filter((e) -> e.startsWith("release:")).count() == Recording
					.started(this.events));
			List<String> seen = List.copyOf(this.events);
			assertThat(Recording.started(this.events)).isPositive();
			for (String key : List.of("a", "b")) {
				if (seen.contains("datum:" + key)) {
					assertThat(seen).filteredOn((event) -> event.endsWith(":" + key))
						.containsExactly("datum:" + key, "cancel:" + key, "release:" + key);
				}
			}
		}
	}

	@Test
	void aLostConnectionTellsEveryStartedKeySet() throws Exception {
		ReduceClient client = ReduceClient.connect(this.server.getSocketPath());
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(new ResponseRecorder());
		sendTwoKeySets(requests);
		// The client goes away without ending its stream: the server sees the socket
		// close.
		client.close();
		assertCancelledAndReleased();
		// The stream ends after it has handed its key sets to be cancelled: they can be
		// released before it is counted out.
		await().atMost(TIMEOUT).until(() -> this.server.getActiveStreams() == 0);
	}

	@Test
	void aWindowThatEndsNormallyIsNeverCancelled() throws Exception {
		try (ReduceClient client = ReduceClient.connect(this.server.getSocketPath())) {
			ResponseRecorder recorder = new ResponseRecorder();
			StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
			sendTwoKeySets(requests);
			requests.onCompleted();
			assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			await().atMost(TIMEOUT)
				.until(() -> this.events.stream().filter((e) -> e.startsWith("release:")).count() == 2);
			assertThat(this.events).filteredOn((event) -> !event.startsWith("datum:"))
				.containsExactlyInAnyOrder("end:a", "release:a", "end:b", "release:b");
			assertThat(List.copyOf(this.events)).filteredOn((event) -> event.endsWith(":a"))
				.containsExactly("datum:a", "end:a", "release:a");
		}
	}

	private void sendTwoKeySets(StreamObserver<ReduceRequest> requests) {
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "1"));
		requests.onNext(ReduceClient.open(WINDOW, List.of("b"), "1"));
		// Both key sets have started: their streamers exist.
		await().atMost(TIMEOUT).until(() -> Recording.started(this.events) == 2);
	}

	private void assertCancelledAndReleased() {
		await().atMost(TIMEOUT).until(() -> this.events.stream().filter((e) -> e.startsWith("release:")).count() == 2);
		List<String> seen = List.copyOf(this.events);
		assertThat(seen).filteredOn((event) -> !event.startsWith("datum:"))
			.containsExactlyInAnyOrder("cancel:a", "release:a", "cancel:b", "release:b");
		assertThat(seen).filteredOn((event) -> event.endsWith(":a") && !event.startsWith("datum:"))
			.containsExactly("cancel:a", "release:a");
		assertThat(seen).filteredOn((event) -> event.endsWith(":b") && !event.startsWith("datum:"))
			.containsExactly("cancel:b", "release:b");
	}

	private static final class Recording implements ReduceStreamer {

		private final Queue<String> events;

		private String key = "?";

		Recording(Queue<String> events) {
			this.events = events;
		}

		static long started(Queue<String> events) {
			return events.stream().filter((event) -> event.startsWith("datum:")).count();
		}

		@Override
		public void onDatum(dev.numaflow.reducestream.Datum datum, dev.numaflow.reducestream.Output output,
				Metadata metadata) {
			this.key = metadata.keys().get(0);
			this.events.add("datum:" + this.key);
		}

		@Override
		public void onEndOfInput(dev.numaflow.reducestream.Output output, Metadata metadata) {
			this.events.add("end:" + this.key);
		}

		@Override
		public void onCancel(Metadata metadata) {
			this.events.add("cancel:" + metadata.keys().get(0));
		}

	}

}
