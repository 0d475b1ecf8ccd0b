package dev.numaflow.reducestream.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

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

import static dev.numaflow.reducestream.autoconfigure.ApplicationProcess.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The handler-error policies, in a real process of their own: by default user code that
 * throws ends its stream with {@code UDF_EXECUTION_ERROR} and then the process with a
 * non-zero status, leaving one critical error for the platform's Errors tab; with
 * {@code continue} the process serves on.
 */
class FailFastProcessTests {

	private static final Window WINDOW = ReduceClient.window(0, 60_000);

	@TempDir
	Path directory;

	private @Nullable ApplicationProcess application;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.application != null) {
			this.application.stop();
		}
	}

	private ApplicationProcess start(String... properties) throws IOException {
		return start(Map.of(), properties);
	}

	private ApplicationProcess start(Map<String, String> environment, String... properties) throws IOException {
		ApplicationProcess started = ApplicationProcess.start(this.directory, environment, properties);
		this.application = started;
		return started;
	}

	private static List<Path> files(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.toList();
		}
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
		ApplicationProcess started = start();
		try (ReduceClient client = ReduceClient.connect(started.socket())) {
			Status status = sendWindow(client, "boom").awaitEnd(TIMEOUT);
			assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
			assertThat(status.getDescription())
				.startsWith("UDF_EXECUTION_ERROR(unknown-container): java.lang.IllegalStateException: boom");
		}
		assertThat(started.awaitExit()).isEqualTo(1);
		assertThat(started.log()).containsOnlyOnce("Reduce streamer failed for window");
		assertThat(started.socket()).doesNotExist();
	}

	@Test
	void aFailingStreamerLeavesExactlyOneCriticalErrorWithItsStatusThenTheProcessExitsOne() throws Exception {
		long before = Instant.now().getEpochSecond();
		ApplicationProcess started = start(Map.of("NUMAFLOW_UD_CONTAINER_TYPE", "udf"));
		String description;
		try (ReduceClient client = ReduceClient.connect(started.socket())) {
			// Two windows fail; the process persists the first failure only.
			ResponseRecorder first = sendWindow(client, "boom");
			ResponseRecorder second = sendWindow(client, "boom");
			Status status = first.awaitEnd(TIMEOUT);
			// Failed too, or refused by the stopping server.
			assertThat(second.awaitEnd(TIMEOUT).getCode()).isIn(Status.Code.INTERNAL, Status.Code.UNAVAILABLE);
			assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
			description = status.getDescription();
		}
		assertThat(started.awaitExit()).isEqualTo(1);
		long after = Instant.now().getEpochSecond();
		Path container = started.applicationErrors().resolve("udf");
		List<Path> files = files(container);
		assertThat(files).as("the entries in %s; log:%n%s", container, started.log())
			.singleElement()
			.extracting((file) -> file.getFileName().toString())
			.asString()
			.matches("\\d{19}-\\d+-udf\\.json");
		DocumentContext entry = JsonPath.parse(Files.readString(files.get(0), StandardCharsets.UTF_8));
		assertThat(entry.read("$.container", String.class)).isEqualTo("udf");
		assertThat(entry.read("$.timestamp", Long.class)).isBetween(before, after);
		assertThat(entry.read("$.code", String.class)).isEqualTo("Internal error");
		assertThat(entry.read("$.message", String.class)).isEqualTo(description)
			.startsWith("UDF_EXECUTION_ERROR(udf): java.lang.IllegalStateException: boom");
		assertThat(entry.read("$.details", String.class)).startsWith("java.lang.IllegalStateException: boom\n\tat ")
			.contains("FailingStreamer.onDatum");
		assertThat(started.log()).containsOnlyOnce("Persisted the critical error");
	}

	@Test
	void aSigtermDuringTheFailFastCloseKeepsTheExitStatusOne() throws Exception {
		ApplicationProcess started = start("--numaflow.reducestream.shutdown.grace-period=60s");
		try (ReduceClient client = ReduceClient.connect(started.socket())) {
			// A window still open keeps the close in its grace period.
			Window open = ReduceClient.window(60_000, 120_000);
			ResponseRecorder draining = new ResponseRecorder();
			StreamObserver<ReduceRequest> requests = client.async().reduceFn(draining);
			requests.onNext(ReduceClient.open(open, List.of("k"), "1"));
			await().atMost(TIMEOUT).until(() -> draining.resultValues().contains("seen:1"));
			assertThat(sendWindow(client, "boom").awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INTERNAL);
			await().atMost(TIMEOUT)
				.until(() -> started.log().contains("Stopping the application after the reduce streamer failed"));
			started.process().destroy();
			await().atMost(TIMEOUT).until(() -> started.log().contains("SIGTERM received while the application stops"));
			requests.onCompleted();
			assertThat(draining.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		}
		assertThat(started.awaitExit()).as("log:%n%s", started.log()).isEqualTo(1);
	}

	@Test
	void anApplicationErrorsDirectoryThatCannotBeWrittenIsLoggedOnceAndTheProcessStillExitsOne() throws Exception {
		Path file = Files.writeString(this.directory.resolve("not-a-directory"), "");
		ApplicationProcess started = start(
				"--numaflow.reducestream.application-errors-path=" + file.resolve("application-errors"));
		try (ReduceClient client = ReduceClient.connect(started.socket())) {
			assertThat(sendWindow(client, "boom").awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INTERNAL);
		}
		assertThat(started.awaitExit()).isEqualTo(1);
		assertThat(started.log()).containsOnlyOnce("Could not persist the critical error")
			.containsSubsequence("WARN", "Could not persist the critical error 'UDF_EXECUTION_ERROR(unknown-container)",
					"Stopping the application after the reduce streamer failed");
		assertThat(file).isRegularFile();
	}

	@Test
	void theApplicationsOwnCriticalErrorIsTheOneEntryOfTheProcess() throws Exception {
		ApplicationProcess started = start();
		try (ReduceClient client = ReduceClient.connect(started.socket())) {
			Status status = sendWindow(client, "persist-then-boom").awaitEnd(TIMEOUT);
			assertThat(status.getDescription()).contains("boom after persisting: true");
		}
		assertThat(started.awaitExit()).isEqualTo(1);
		List<Path> files = files(started.applicationErrors().resolve("unknown-container"));
		assertThat(files).hasSize(1);
		DocumentContext entry = JsonPath.parse(Files.readString(files.get(0), StandardCharsets.UTF_8));
		assertThat(entry.read("$.code", String.class)).isEqualTo("Invalid configuration");
		assertThat(entry.read("$.message", String.class)).isEqualTo("the user's own fatal error");
		assertThat(entry.read("$.details", String.class)).isEqualTo("checked at the first datum");
	}

	@Test
	void withTheContinuePolicyTheProcessServesTheNextWindow() throws Exception {
		ApplicationProcess started = start("--numaflow.reducestream.on-handler-error=continue");
		try (ReduceClient client = ReduceClient.connect(started.socket())) {
			assertThat(sendWindow(client, "boom").awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INTERNAL);
			ResponseRecorder next = sendWindow(client, "1", "2");
			assertThat(next.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(next.resultValues()).containsExactly("seen:1", "seen:2");
		}
		assertThat(started.process().isAlive()).isTrue();
		assertThat(started.applicationErrors()).doesNotExist();
	}

	@Test
	void aListenerThatThrowsFromEveryCallbackDoesNotStopTheFailFastExit() throws Exception {
		ApplicationProcess started = start("--test.throwing-listener=true");
		try (ReduceClient client = ReduceClient.connect(started.socket())) {
			Status status = sendWindow(client, "boom").awaitEnd(TIMEOUT);
			assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
			assertThat(status.getDescription()).startsWith("UDF_EXECUTION_ERROR(unknown-container)");
		}
		assertThat(started.awaitExit()).isEqualTo(1);
	}

}
