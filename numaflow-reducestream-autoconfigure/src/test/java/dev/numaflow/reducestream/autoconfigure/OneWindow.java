package dev.numaflow.reducestream.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.server.ResponseRecorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives one window through a running server over its real socket, the way the platform
 * does: OPEN first, APPEND after, then a half-close.
 */
final class OneWindow {

	private OneWindow() {
	}

	/**
	 * Send one datum per key, each datum keyed by that single key, close the window and
	 * wait for the stream to end with OK.
	 * @param server the running server
	 * @param keys the key of each datum, in order; repeats go to the same key set
	 * @return what the stream answered
	 */
	static ResponseRecorder reduce(ReduceStreamServer server, String... keys) throws Exception {
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			Window window = ReduceClient.window(60_000, 120_000);
			ResponseRecorder recorder = new ResponseRecorder();
			StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
			for (int i = 0; i < keys.length; i++) {
				List<String> datumKeys = List.of(keys[i]);
				requests.onNext((i == 0) ? ReduceClient.open(window, datumKeys, keys[i])
						: ReduceClient.append(window, datumKeys, keys[i]));
			}
			requests.onCompleted();
			assertThat(recorder.awaitEnd(Duration.ofSeconds(10)).getCode()).isEqualTo(Status.Code.OK);
			return recorder;
		}
	}

	/**
	 * Send one datum of the given size and return the status the stream ends with.
	 * @param server the running server
	 * @param valueSize the size of the datum's value, in bytes
	 * @return the status code the stream ends with
	 */
	static Status.Code statusAfterOneDatum(ReduceStreamServer server, int valueSize) throws Exception {
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			Window window = ReduceClient.window(60_000, 120_000);
			ResponseRecorder recorder = new ResponseRecorder();
			StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
			requests.onNext(ReduceClient.open(window, List.of("a"), "x".repeat(valueSize)));
			requests.onCompleted();
			return recorder.awaitEnd(Duration.ofSeconds(10)).getCode();
		}
	}

}
