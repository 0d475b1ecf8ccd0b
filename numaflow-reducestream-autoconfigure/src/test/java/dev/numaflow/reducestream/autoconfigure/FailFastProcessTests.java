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
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ResponseRecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The handler-error policies, in a real process of their own: by default user code that
 * throws ends its stream with {@code UDF_EXECUTION_ERROR} and then the process with a
 * non-zero status; with {@code continue} the process serves on.
 */
class FailFastProcessTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	private static final Window WINDOW = ReduceClient.window(0, 60_000);

	@TempDir
	Path directory;

	private @Nullable Process process;

	private Path log = Path.of("process.log");

	@AfterEach
	void stop() throws InterruptedException {
		Process running = this.process;
		if (running != null && running.isAlive()) {
			running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	private Path start(String... properties) throws IOException {
		Path socket = this.directory.resolve("rs.sock");
		Path serverInfo = this.directory.resolve("server-info");
		this.log = this.directory.resolve("process.log");
		List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
				FailingStreamerApplication.class.getName(), "--numaflow.reducestream.socket-path=" + socket,
				"--numaflow.reducestream.server-info-path=" + serverInfo, "--spring.main.banner-mode=off"));
		command.addAll(List.of(properties));
		Process started = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.log.toFile())
			.start();
		this.process = started;
		await().atMost(TIMEOUT).until(() -> Files.exists(serverInfo) || !started.isAlive());
		assertThat(started.isAlive()).as("the application is running; log:%n%s", logText()).isTrue();
		return socket;
	}

	private String logText() throws IOException {
		return Files.readString(this.log, StandardCharsets.UTF_8);
	}

	private static ResponseRecorder sendWindow(ReduceClient client, String... values) {
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int i = 0; i < values.length; i++) {
			requests.onNext((i == 0) ? ReduceClient.open(WINDOW, List.of("k"), values[i])
					: ReduceClient.append(WINDOW, List.of("k"), values[i]));
		}
		requests.onCompleted();
		return recorder;
	}

	@Test
	void byDefaultAHandlerErrorFailsItsStreamThenTheProcessExitsNonZero() throws Exception {
		Path socket = start();
		try (ReduceClient client = ReduceClient.connect(socket)) {
			Status status = sendWindow(client, "boom").awaitEnd(TIMEOUT);
			assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
			assertThat(status.getDescription())
				.startsWith("UDF_EXECUTION_ERROR(unknown-container): java.lang.IllegalStateException: boom");
		}
		Process running = Objects.requireNonNull(this.process);
		assertThat(running.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited; log:%n%s", logText()).isTrue();
		assertThat(running.exitValue()).isEqualTo(1);
		assertThat(logText()).containsOnlyOnce("Reduce streamer failed for window");
		assertThat(socket).doesNotExist();
	}

	@Test
	void withTheContinuePolicyTheProcessServesTheNextWindow() throws Exception {
		Path socket = start("--numaflow.reducestream.on-handler-error=continue");
		try (ReduceClient client = ReduceClient.connect(socket)) {
			assertThat(sendWindow(client, "boom").awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INTERNAL);
			ResponseRecorder next = sendWindow(client, "1", "2");
			assertThat(next.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(next.resultValues()).containsExactly("seen:1", "seen:2");
		}
		assertThat(Objects.requireNonNull(this.process).isAlive()).isTrue();
	}

	@Test
	void aListenerThatThrowsFromEveryCallbackDoesNotStopTheFailFastExit() throws Exception {
		Path socket = start("--test.throwing-listener=true");
		try (ReduceClient client = ReduceClient.connect(socket)) {
			Status status = sendWindow(client, "boom").awaitEnd(TIMEOUT);
			assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
			assertThat(status.getDescription()).startsWith("UDF_EXECUTION_ERROR(unknown-container)");
		}
		Process running = Objects.requireNonNull(this.process);
		assertThat(running.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited; log:%n%s", logText()).isTrue();
		assertThat(running.exitValue()).isEqualTo(1);
	}

	private static String java() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

}
