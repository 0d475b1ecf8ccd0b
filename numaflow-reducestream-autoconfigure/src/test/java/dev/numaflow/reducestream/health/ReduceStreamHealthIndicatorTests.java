package dev.numaflow.reducestream.health;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;

import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ReduceStreamListener;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.server.ReduceStreamServer.State;
import dev.numaflow.reducestream.server.ResponseRecorder;
import dev.numaflow.reducestream.server.TestServers;
import dev.numaflow.reducestream.serverinfo.ServerInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ReduceStreamHealthIndicator} against a real server.
 */
class ReduceStreamHealthIndicatorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final Window WINDOW = ReduceClient.window(60_000, 120_000);

	private static final org.springframework.boot.health.contributor.Status UP = org.springframework.boot.health.contributor.Status.UP;

	private static final org.springframework.boot.health.contributor.Status DOWN = org.springframework.boot.health.contributor.Status.DOWN;

	@TempDir
	Path directory;

	private @Nullable ReduceStreamServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	/** A server whose streamers do nothing but throw on a datum valued {@code boom}. */
	private ReduceStreamServer server() {
		return server(null);
	}

	private ReduceStreamServer server(@Nullable Consumer<Throwable> fatalErrorHandler) {
		ReduceStreamServer created = new ReduceStreamServer(TestServers.settings(this.directory),
				(metadata) -> (ReduceStreamer) (datum, output, md) -> {
					if (datum.valueAsString().equals("boom")) {
						throw new IllegalStateException("boom");
					}
				}, ServerInfo.forThisStarter(), ReduceStreamListener.NONE, fatalErrorHandler);
		this.server = created;
		return created;
	}

	private static Health health(ReduceStreamServer server) {
		return new ReduceStreamHealthIndicator(server).health();
	}

	@Test
	void downBeforeStart() {
		Health health = health(server());
		assertThat(health.getStatus()).isEqualTo(DOWN);
		assertThat(health.getDetails()).containsEntry("state", State.STOPPED);
	}

	@Test
	void upAfterStartWithItsDetails() {
		ReduceStreamServer server = server();
		server.start();
		Health health = health(server);
		assertThat(health.getStatus()).isEqualTo(UP);
		assertThat(health.getDetails()).containsExactlyInAnyOrderEntriesOf(
				java.util.Map.of("state", State.RUNNING, "socketPath", this.directory.resolve("rs.sock").toString(),
						"serverInfoPath", this.directory.resolve("server-info").toString(), "activeStreams", 0));
	}

	@Test
	void activeStreamsDetailCountsTheStreamsInFlight() throws Exception {
		ReduceStreamServer server = server();
		server.start();
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			ResponseRecorder recorder = new ResponseRecorder();
			StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
			requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
			await().atMost(TIMEOUT).until(() -> Objects.equals(health(server).getDetails().get("activeStreams"), 1));
			requests.onCompleted();
			assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		}
	}

	@Test
	void downWhileRunningWithoutItsServerInfoFile() throws Exception {
		ReduceStreamServer server = server();
		server.start();
		Files.delete(server.getServerInfoPath());
		Health health = health(server);
		assertThat(health.getStatus()).isEqualTo(DOWN);
		assertThat(health.getDetails()).containsEntry("state", State.RUNNING);
	}

	@Test
	void downAfterStop() {
		ReduceStreamServer server = server();
		server.start();
		server.stop();
		Health health = health(server);
		assertThat(health.getStatus()).isEqualTo(DOWN);
		assertThat(health.getDetails()).containsEntry("state", State.STOPPED);
	}

	@Test
	void downAfterAFatalFailureOfUserCode() throws Exception {
		ReduceStreamServer server = server((cause) -> {
		});
		server.start();
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			ResponseRecorder recorder = new ResponseRecorder();
			client.async().reduceFn(recorder).onNext(ReduceClient.open(WINDOW, List.of("a"), "boom"));
			assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INTERNAL);
		}
		await().atMost(TIMEOUT).untilAsserted(() -> {
			Health health = health(server);
			assertThat(health.getStatus()).isEqualTo(DOWN);
			assertThat(health.getDetails()).containsEntry("state", State.FAILED);
		});
		assertThat(Files.isRegularFile(server.getServerInfoPath())).isTrue();
	}

}
