package dev.numaflow.reducestream.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.client.ReduceRequests;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link WindowCall} read while its results arrive on another thread: a session that
 * waits on {@link WindowCall#resultCount()} then reads {@link WindowCall#results()} must
 * find every result it counted.
 */
class WindowCallTests {

	private static final IntervalWindow WINDOW = new IntervalWindow(Instant.parse("2024-01-01T00:00:00Z"),
			Instant.parse("2024-01-01T00:01:00Z"));

	private static final int RESULTS = 5_000;

	private final ExecutorService sender = Executors.newSingleThreadExecutor();

	/** Opened by the test once it reads: the results arrive while it does. */
	private final CountDownLatch go = new CountDownLatch(1);

	private Server server;

	private ManagedChannel channel;

	@BeforeEach
	void start() throws Exception {
		String name = "window-call-" + UUID.randomUUID();
		this.server = InProcessServerBuilder.forName(name).addService(new ReduceGrpc.ReduceImplBase() {

			@Override
			public StreamObserver<ReduceRequest> reduceFn(StreamObserver<ReduceResponse> responses) {
				return new StreamObserver<>() {

					@Override
					public void onNext(ReduceRequest request) {
						WindowCallTests.this.sender.execute(() -> {
							awaitGo();
							for (int i = 0; i < RESULTS; i++) {
								responses.onNext(result(i));
							}
						});
					}

					@Override
					public void onError(Throwable error) {
					}

					@Override
					public void onCompleted() {
						responses.onCompleted();
					}

				};
			}

		}).build().start();
		this.channel = InProcessChannelBuilder.forName(name).build();
	}

	@AfterEach
	void stop() {
		this.channel.shutdownNow();
		this.server.shutdownNow();
		this.sender.shutdownNow();
	}

	@Test
	void everyResultCountedIsAlreadyInTheList() {
		WindowCall call = new ReduceStreamClient(this.channel).open(WINDOW, (result) -> {
		});
		call.send(List.of("a"), new byte[] { 1 }, WINDOW.start(), null, Map.of());
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		int counted = 0;
		this.go.countDown();
		while (counted < RESULTS && System.nanoTime() < deadline) {
			counted = call.resultCount();
			List<Result> results = call.results();
			assertThat(results).as("results after %d were counted", counted).hasSizeGreaterThanOrEqualTo(counted);
		}
		assertThat(counted).isEqualTo(RESULTS);
		assertThat(call.results()).extracting(Result::valueAsString).startsWith("0", "1", "2").endsWith("4999");
		call.cancel("done");
	}

	private void awaitGo() {
		try {
			this.go.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ReduceResponse result(int value) {
		return ReduceResponse.newBuilder()
			.setWindow(ReduceRequests.window(WINDOW.start(), WINDOW.end()))
			.setResult(ReduceResponse.Result.newBuilder()
				.addKeys("a")
				.setValue(ByteString.copyFromUtf8(Integer.toString(value))))
			.build();
	}

}
