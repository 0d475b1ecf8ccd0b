package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReduceStreamSmokeTests {

	@TempDir
	Path directory;

	@Test
	void counterStreamsResultsBeforeTheWindowClosesAndOneEofAfter() throws Exception {
		ReduceStreamServer server = TestServers.start(TestServers.settings(this.directory),
				(metadata) -> new CountingStreamer(20));
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			Window window = ReduceClient.window(60_000, 120_000);
			ResponseRecorder recorder = new ResponseRecorder();
			StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
			requests.onNext(ReduceClient.open(window, List.of("a"), "1"));
			for (int i = 1; i < 25; i++) {
				requests.onNext(ReduceClient.append(window, List.of("a"), "1"));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> recorder.results().size() == 1);
			assertThat(recorder.isDone()).isFalse();
			requests.onCompleted();
			assertThat(recorder.awaitEnd(Duration.ofSeconds(10)).getCode()).isEqualTo(Status.Code.OK);
			assertThat(recorder.resultValues()).containsExactly("counter:21", "counter:4");
			List<ReduceResponse> responses = recorder.responses();
			assertThat(responses).last().satisfies((eof) -> {
				assertThat(eof.getEOF()).isTrue();
				assertThat(eof.getWindow()).isEqualTo(window);
			});
			assertThat(responses).filteredOn(ReduceResponse::getEOF).hasSize(1);
			assertThat(recorder.results()).allSatisfy((result) -> assertThat(result.getWindow()).isEqualTo(window));
		}
		finally {
			server.stop();
		}
	}

}
