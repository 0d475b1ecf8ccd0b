package dev.numaflow.reducestream.autoconfigure;

import java.nio.file.Path;
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

import static dev.numaflow.reducestream.autoconfigure.ApplicationProcess.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real process whose application has a {@code ReduceStreamListener} bean that throws
 * from every callback: streams from a real client over the socket still complete with
 * exactly their results and one EOF, twice in a row, the listener is named in one WARN,
 * and SIGTERM still ends the process with status 0.
 */
class ThrowingListenerProcessTests {

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
	void streamsCompleteTwiceInARowAndSigtermStillExitsZero() throws Exception {
		ApplicationProcess started = ApplicationProcess.start(this.directory, "--test.throwing-listener=true");
		this.application = started;
		try (ReduceClient client = ReduceClient.connect(started.socket())) {
			for (int round = 0; round < 2; round++) {
				Window window = ReduceClient.window(round * 60_000L, (round + 1) * 60_000L);
				ResponseRecorder recorder = new ResponseRecorder();
				StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
				requests.onNext(ReduceClient.open(window, List.of("a"), "1"));
				requests.onNext(ReduceClient.append(window, List.of("b"), "2"));
				requests.onNext(ReduceClient.append(window, List.of("a"), "3"));
				requests.onCompleted();
				assertThat(recorder.awaitEnd(TIMEOUT).getCode()).as("log:%n%s", started.log())
					.isEqualTo(Status.Code.OK);
				assertThat(recorder.resultValues()).containsExactlyInAnyOrder("seen:1", "seen:2", "seen:3");
				List<ReduceResponse> responses = recorder.responses();
				assertThat(responses).filteredOn(ReduceResponse::getEOF).hasSize(1);
				assertThat(responses.get(responses.size() - 1).getEOF()).isTrue();
			}
		}
		started.process().destroy();
		assertThat(started.awaitExit()).as("log:%n%s", started.log()).isZero();
		assertThat(started.log())
			.containsOnlyOnce("The ReduceStreamListener " + FailingStreamerApplication.ThrowingListener.class.getName())
			.doesNotContain("UDF_EXECUTION_ERROR")
			.doesNotContain("Exception while executing runnable");
		assertThat(started.socket()).doesNotExist();
	}

}
