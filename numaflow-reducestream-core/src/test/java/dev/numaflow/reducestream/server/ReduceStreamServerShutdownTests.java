package dev.numaflow.reducestream.server;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;

import static dev.numaflow.reducestream.server.LifecycleFixtures.TIMEOUT;
import static dev.numaflow.reducestream.server.LifecycleFixtures.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping a server with streams in flight over a real Unix domain socket: the grace
 * period, cancellation after it, and the count of active streams.
 */
class ReduceStreamServerShutdownTests {

	@TempDir
	Path directory;

	private final LifecycleFixtures fixtures = new LifecycleFixtures();

	@AfterEach
	void stopServers() {
		this.fixtures.close();
	}

	@Test
	void streamInFlightWhenStopBeginsFinishesWithinTheGracePeriodAndStopReturnsAfterIt() throws Exception {
		Duration gracePeriod = Duration.ofSeconds(30);
		ReduceStreamServerSettings settings = LifecycleFixtures.settings(this.directory, gracePeriod);
		ReduceStreamServer server = this.fixtures.server(settings);
		server.start();
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = LifecycleFixtures
			.openStream(this.fixtures.client(settings.socketPath()), recorder, 25);
		await().atMost(TIMEOUT).until(() -> recorder.results().size() == 1);
		CompletableFuture<Duration> stopped = LifecycleFixtures.stopInBackground(server);
		// The server has begun to shut down once it no longer accepts connections.
		await().atMost(TIMEOUT).until(() -> !UnixSockets.acceptsConnections(settings.socketPath()));
		for (int i = 0; i < 10; i++) {
			requests.onNext(ReduceClient.append(WINDOW, List.of("a"), "1"));
		}
		assertThat(stopped).as("stop waits for the stream in flight").isNotDone();
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(recorder.resultValues()).containsExactly("counter:21", "counter:14");
		assertThat(recorder.responses()).last().extracting(ReduceResponse::getEOF).isEqualTo(true);
		assertThat(recorder.responses()).filteredOn(ReduceResponse::getEOF).hasSize(1);
		assertThat(stopped.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isLessThan(gracePeriod);
		assertThat(server.isRunning()).isFalse();
		assertThat(Files.exists(settings.socketPath(), LinkOption.NOFOLLOW_LINKS)).isFalse();
		assertThat(settings.serverInfoPath()).doesNotExist();
	}

	@Test
	void streamStillOpenAfterTheGracePeriodIsCancelledAndStopReturnsSoonAfter() throws Exception {
		Duration gracePeriod = Duration.ofSeconds(1);
		ReduceStreamServerSettings settings = LifecycleFixtures.settings(this.directory, gracePeriod);
		ReduceStreamServer server = this.fixtures.server(settings);
		server.start();
		ResponseRecorder recorder = new ResponseRecorder();
		LifecycleFixtures.openStream(this.fixtures.client(settings.socketPath()), recorder, 1);
		await().atMost(TIMEOUT).until(() -> server.getActiveStreams() == 1);
		Duration stopTook = LifecycleFixtures.stopInBackground(server).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(stopTook).isGreaterThanOrEqualTo(gracePeriod).isLessThan(gracePeriod.plusSeconds(10));
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isIn(Status.Code.CANCELLED, Status.Code.UNAVAILABLE);
		assertThat(recorder.responses()).noneMatch(ReduceResponse::getEOF);
		assertThat(Files.exists(settings.socketPath(), LinkOption.NOFOLLOW_LINKS)).isFalse();
		assertThat(settings.serverInfoPath()).doesNotExist();
	}

	@Test
	void handlerStuckInUserCodeIsInterruptedAndDoesNotHoldStopBeyondTheGracePeriodForLong() throws Exception {
		Duration gracePeriod = Duration.ofSeconds(1);
		ReduceStreamServerSettings settings = LifecycleFixtures.settings(this.directory, gracePeriod);
		CountDownLatch entered = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		AtomicBoolean released = new AtomicBoolean();
		ReduceStreamServer server = this.fixtures.server(settings, new ReduceStreamerFactory() {

			@Override
			public ReduceStreamer create(Metadata metadata) {
				return ReduceStreamer.of((datum, output, md) -> {
					entered.countDown();
					try {
						new CountDownLatch(1).await();
					}
					catch (InterruptedException ex) {
						interrupted.set(true);
						throw ex;
					}
				}, (output, md) -> {
				});
			}

			@Override
			public void release(ReduceStreamer streamer) {
				released.set(true);
			}

		});
		server.start();
		ResponseRecorder recorder = new ResponseRecorder();
		LifecycleFixtures.openStream(this.fixtures.client(settings.socketPath()), recorder, 1);
		assertThat(entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		Duration stopTook = LifecycleFixtures.stopInBackground(server).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		// The grace period, then up to 5 s for the handler pool to drain before it is
		// interrupted.
		assertThat(stopTook).isGreaterThanOrEqualTo(gracePeriod).isLessThan(gracePeriod.plusSeconds(15));
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isIn(Status.Code.CANCELLED, Status.Code.UNAVAILABLE);
		await().atMost(TIMEOUT).untilTrue(interrupted);
		await().atMost(TIMEOUT).untilTrue(released);
	}

	@Test
	void activeStreamsCountsOpenStreamsAndReturnsToZeroWhenTheyCompleteOrAreCancelled() throws Exception {
		ReduceStreamServerSettings settings = TestServers.settings(this.directory);
		ReduceStreamServer server = this.fixtures.server(settings);
		server.start();
		assertThat(server.getActiveStreams()).isZero();
		ReduceClient client = this.fixtures.client(settings.socketPath());
		ResponseRecorder completing = new ResponseRecorder();
		StreamObserver<ReduceRequest> toComplete = LifecycleFixtures.openStream(client, completing, 3);
		ResponseRecorder cancelling = new ResponseRecorder();
		StreamObserver<ReduceRequest> toCancel = LifecycleFixtures.openStream(client, cancelling, 3);
		await().atMost(TIMEOUT).until(server::getActiveStreams, (count) -> count == 2);
		toComplete.onCompleted();
		assertThat(completing.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		await().atMost(TIMEOUT).until(server::getActiveStreams, (count) -> count == 1);
		((ClientCallStreamObserver<ReduceRequest>) toCancel).cancel("test cancels the stream", null);
		await().atMost(TIMEOUT).until(server::getActiveStreams, (count) -> count == 0);
		assertThat(server.isRunning()).isTrue();
	}

}
