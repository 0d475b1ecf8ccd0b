package dev.numaflow.reducestream.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * A real process whose application has a {@code ReduceStreamListener} bean that throws
 * from every callback: streams from a real client over the socket still complete with
 * exactly their results and one EOF, twice in a row, the listener is named in one WARN,
 * and SIGTERM still ends the process with status 0.
 */
class ThrowingListenerProcessTests {

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
	void streamsCompleteTwiceInARowAndSigtermStillExitsZero() throws Exception {
		Path socket = this.directory.resolve("rs.sock");
		Path serverInfo = this.directory.resolve("server-info");
		Path log = this.directory.resolve("process.log");
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), FailingStreamerApplication.class.getName(),
				"--numaflow.reducestream.socket-path=" + socket,
				"--numaflow.reducestream.server-info-path=" + serverInfo, "--test.throwing-listener=true",
				"--spring.main.banner-mode=off");
		Process started = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		this.process = started;
		await().atMost(TIMEOUT).until(() -> Files.exists(serverInfo) || !started.isAlive());
		assertThat(started.isAlive()).as("running; log:%n%s", text(log)).isTrue();
		try (ReduceClient client = ReduceClient.connect(socket)) {
			for (int round = 0; round < 2; round++) {
				Window window = ReduceClient.window(round * 60_000L, (round + 1) * 60_000L);
				ResponseRecorder recorder = new ResponseRecorder();
				StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
				requests.onNext(ReduceClient.open(window, List.of("a"), "1"));
				requests.onNext(ReduceClient.append(window, List.of("b"), "2"));
				requests.onNext(ReduceClient.append(window, List.of("a"), "3"));
				requests.onCompleted();
				assertThat(recorder.awaitEnd(TIMEOUT).getCode()).as("log:%n%s", text(log)).isEqualTo(Status.Code.OK);
				assertThat(recorder.resultValues()).containsExactlyInAnyOrder("seen:1", "seen:2", "seen:3");
				List<ReduceResponse> responses = recorder.responses();
				assertThat(responses).filteredOn(ReduceResponse::getEOF).hasSize(1);
				assertThat(responses.get(responses.size() - 1).getEOF()).isTrue();
			}
		}
		started.destroy();
		assertThat(started.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited; log:%n%s", text(log)).isTrue();
		assertThat(started.exitValue()).as("log:%n%s", text(log)).isZero();
		assertThat(Objects.requireNonNull(text(log)))
			.containsOnlyOnce("The ReduceStreamListener " + FailingStreamerApplication.ThrowingListener.class.getName())
			.doesNotContain("UDF_EXECUTION_ERROR")
			.doesNotContain("Exception while executing runnable");
		assertThat(socket).doesNotExist();
	}

	private static String text(Path log) throws IOException {
		return Files.readString(log, StandardCharsets.UTF_8);
	}

}
