package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Streamers of a window that is still open when the grace period ends are released by the
 * time {@code stop()} returns, idle or not.
 */
class ReleaseOnStopTests {

	@TempDir
	Path directory;

	private final LifecycleFixtures fixtures = new LifecycleFixtures();

	@AfterEach
	void stopServers() {
		this.fixtures.close();
	}

	@Test
	void stopAfterTheGracePeriodReleasesEveryStreamerOfTheCancelledWindow() throws Exception {
		ReduceStreamServerSettings settings = LifecycleFixtures.settings(this.directory, Duration.ofMillis(500));
		Set<ReduceStreamer> live = ConcurrentHashMap.newKeySet();
		AtomicInteger handled = new AtomicInteger();
		ReduceStreamServer server = this.fixtures.server(settings, new ReduceStreamerFactory() {
			@Override
			public ReduceStreamer create(Metadata metadata) {
				ReduceStreamer streamer = (datum, output, md) -> handled.incrementAndGet();
				live.add(streamer);
				return streamer;
			}

			@Override
			public void release(ReduceStreamer streamer) {
				live.remove(streamer);
			}
		});
		server.start();
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = this.fixtures.client(settings.socketPath()).async().reduceFn(recorder);
		for (int i = 0; i < 20; i++) {
			requests.onNext(ReduceClient.append(LifecycleFixtures.WINDOW, List.of("k" + i), "x"));
		}
		await().atMost(LifecycleFixtures.TIMEOUT).until(() -> handled.get() == 20);
		assertThat(live).hasSize(20);
		// The window never closes: stop() cancels it after the grace period.
		LifecycleFixtures.stopInBackground(server).get(30, TimeUnit.SECONDS);
		assertThat(live).as("streamers not released when stop() returned").isEmpty();
		assertThat(server.getActiveStreams()).isZero();
		recorder.awaitEnd(LifecycleFixtures.TIMEOUT);
	}

}
