package dev.numaflow.reducestream.autoconfigure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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

/**
 * The handler-error policies, in a real process of their own: by default user code that
 * throws ends its stream with {@code UDF_EXECUTION_ERROR} and then the process with a
 * non-zero status; with {@code continue} the process serves on.
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
		ApplicationProcess started = ApplicationProcess.start(this.directory, properties);
		this.application = started;
		return started;
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
	void withTheContinuePolicyTheProcessServesTheNextWindow() throws Exception {
		ApplicationProcess started = start("--numaflow.reducestream.on-handler-error=continue");
		try (ReduceClient client = ReduceClient.connect(started.socket())) {
			assertThat(sendWindow(client, "boom").awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INTERNAL);
			ResponseRecorder next = sendWindow(client, "1", "2");
			assertThat(next.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(next.resultValues()).containsExactly("seen:1", "seen:2");
		}
		assertThat(started.process().isAlive()).isTrue();
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
