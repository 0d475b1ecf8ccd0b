package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A key set whose {@code onDatum} is still running when its stream ends: the send it then
 * makes fails, and it is told of the cancellation like every other key set (found by
 * review: it used to be released without {@code onCancel}).
 */
class CancellationDuringCallTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Window WINDOW = ReduceClient.window(0, 60_000);

	@TempDir
	Path directory;

	private final Queue<String> events = new ConcurrentLinkedQueue<>();

	@Test
	void aHandlerThatSendsAfterTheClientCancelledIsToldOfTheCancel() throws Exception {
		CountDownLatch inDatum = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		ReduceStreamServer server = TestServers.start(TestServers.settings(this.directory),
				factory((datum, output, metadata) -> {
					this.events.add("datum");
					inDatum.countDown();
					assertThat(proceed.await(30, TimeUnit.SECONDS)).isTrue();
					output.send(Message.of("alert", metadata.keys()));
				}));
		try {
			ReduceClient client = ReduceClient.connect(server.getSocketPath());
			StreamObserver<ReduceRequest> requests = client.async().reduceFn(new ResponseRecorder());
			requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "1"));
			assertThat(inDatum.await(30, TimeUnit.SECONDS)).isTrue();
			client.close();
			await().atMost(TIMEOUT).until(() -> server.getActiveStreams() == 0);
			proceed.countDown();
			await().atMost(TIMEOUT).until(() -> this.events.contains("release"));
			assertThat(List.copyOf(this.events)).containsExactly("datum", "cancel:a", "release");
		}
		finally {
			server.stop();
		}
	}

	private ReduceStreamerFactory factory(Handler handler) {
		return new ReduceStreamerFactory() {

			@Override
			public ReduceStreamer create(Metadata metadata) {
				return new ReduceStreamer() {

					@Override
					public void onDatum(Datum datum, Output output, Metadata md) throws Exception {
						handler.onDatum(datum, output, md);
					}

					@Override
					public void onCancel(Metadata md) {
						CancellationDuringCallTests.this.events.add("cancel:" + md.keys().get(0));
					}

				};
			}

			@Override
			public void release(ReduceStreamer streamer) {
				CancellationDuringCallTests.this.events.add("release");
			}

		};
	}

	@FunctionalInterface
	interface Handler {

		void onDatum(Datum datum, Output output, Metadata metadata) throws Exception;

	}

}
