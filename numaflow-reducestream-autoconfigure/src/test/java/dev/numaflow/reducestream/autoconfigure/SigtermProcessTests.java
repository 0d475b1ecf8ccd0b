package dev.numaflow.reducestream.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
import dev.numaflow.reducestream.server.TestServers;

import static dev.numaflow.reducestream.autoconfigure.ApplicationProcess.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGTERM to a real process with several streams open, each half-way through its window:
 * inside the grace period every stream still takes its remaining datums and ends with all
 * of its results and its EOF; then the process exits with status 0.
 */
class SigtermProcessTests {

	@TempDir
	Path directory;

	private @Nullable ApplicationProcess application;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.application != null) {
			this.application.stop();
		}
	}

	@Test
	void sigtermWithSeveralStreamsOpenLosesNothingInsideTheGracePeriod() throws Exception {
		ApplicationProcess started = ApplicationProcess.start(this.directory,
				"--numaflow.reducestream.shutdown.grace-period=60s");
		this.application = started;
		// The start-up line is logged just after the server-info file is written.
		String transport = "(" + TestServers.transport().resolve().transport().id() + " transport)";
		await().atMost(TIMEOUT).until(() -> started.log().contains(transport));
		Path socket = started.socket();
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
			started.process().destroy();
			await().atMost(TIMEOUT).until(() -> started.log().contains("SIGTERM received"));
			for (int i = 0; i < 3; i++) {
				Window window = ReduceClient.window(i * 60_000L, (i + 1) * 60_000L);
				streams.get(i).onNext(ReduceClient.append(window, List.of("k"), "3"));
				streams.get(i).onCompleted();
			}
			for (ResponseRecorder recorder : recorders) {
				assertThat(recorder.awaitEnd(TIMEOUT).getCode()).as("log:%n%s", started.log())
					.isEqualTo(Status.Code.OK);
				assertThat(recorder.resultValues()).containsExactly("seen:1", "seen:2", "seen:3");
				List<ReduceResponse> responses = recorder.responses();
				assertThat(responses.get(responses.size() - 1).getEOF()).isTrue();
			}
		}
		assertThat(started.awaitExit()).isZero();
		assertThat(socket).doesNotExist();
	}

}
