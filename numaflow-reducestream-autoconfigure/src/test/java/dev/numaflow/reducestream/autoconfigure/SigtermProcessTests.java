package dev.numaflow.reducestream.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ResponseRecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM to a real process with several streams open, each half-way through its window:
 * inside the grace period every stream still takes its remaining datums and ends with all
 * of its results and its EOF; then the process exits with status 0.
 */
class SigtermProcessTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	@TempDir
	Path directory;

	private @Nullable Process process;

	@AfterEach
	void stop() throws InterruptedException {
		Process running = this.process;
		if (running != null && running.isAlive()) {
			running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void sigtermWithSeveralStreamsOpenLosesNothingInsideTheGracePeriod() throws Exception {
		Path socket = this.directory.resolve("rs.sock");
		Path serverInfo = this.directory.resolve("server-info");
		Path log = this.directory.resolve("process.log");
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), FailingStreamerApplication.class.getName(),
				"--numaflow.reducestream.socket-path=" + socket,
				"--numaflow.reducestream.server-info-path=" + serverInfo,
				"--numaflow.reducestream.shutdown.grace-period=60s", "--spring.main.banner-mode=off");
		Process started = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		this.process = started;
		await().atMost(TIMEOUT).until(() -> Files.exists(serverInfo) || !started.isAlive());
		assertThat(started.isAlive()).as("running; log:%n%s", text(log)).isTrue();
		try (ReduceClient client = ReduceClient.connect(socket)) {
			List<ResponseRecorder> recorders = new ArrayList<>();
			List<StreamObserver<ReduceRequest>> streams = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				Window window = ReduceClient.window(i * 60_000L, (i + 1) * 60_000L);
				ResponseRecorder recorder = new ResponseRecorder();
				StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
				requests.onNext(ReduceClient.open(window, List.of("k"), "1"));
				requests.onNext(ReduceClient.append(window, List.of("k"), "2"));
				recorders.add(recorder);
				streams.add(requests);
			}
			await().atMost(TIMEOUT).until(() -> recorders.stream().allMatch((r) -> r.results().size() == 2));
			started.destroy();
			await().atMost(TIMEOUT).until(() -> text(log).contains("SIGTERM received"));
			for (int i = 0; i < 3; i++) {
				Window window = ReduceClient.window(i * 60_000L, (i + 1) * 60_000L);
				streams.get(i).onNext(ReduceClient.append(window, List.of("k"), "3"));
				streams.get(i).onCompleted();
			}
			for (ResponseRecorder recorder : recorders) {
				assertThat(recorder.awaitEnd(TIMEOUT).getCode()).as("log:%n%s", text(log)).isEqualTo(Status.Code.OK);
				assertThat(recorder.resultValues()).containsExactly("seen:1", "seen:2", "seen:3");
				List<ReduceResponse> responses = recorder.responses();
				assertThat(responses.get(responses.size() - 1).getEOF()).isTrue();
			}
		}
		Process running = Objects.requireNonNull(this.process);
		assertThat(running.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited; log:%n%s", text(log)).isTrue();
		assertThat(running.exitValue()).isZero();
		assertThat(socket).doesNotExist();
	}

	private static String text(Path log) throws IOException {
		return Files.readString(log, StandardCharsets.UTF_8);
	}

}
