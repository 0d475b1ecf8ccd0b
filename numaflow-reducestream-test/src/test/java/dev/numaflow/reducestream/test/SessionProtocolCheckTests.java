package dev.numaflow.reducestream.test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.numaflow.reducestream.codec.PayloadCodecs;
import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.client.ReduceRequests;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.server.ManualTimerClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A session checks the server's side of the protocol: exactly one EOF, every response
 * with its window, nothing after the EOF. Driven against deliberately wrong servers.
 */
class SessionProtocolCheckTests {

	private static final IntervalWindow WINDOW = new IntervalWindow(Instant.parse("2024-01-01T00:00:00Z"),
			Instant.parse("2024-01-01T00:01:00Z"));

	private Server server;

	private ManagedChannel channel;

	private StreamActivity.Counts counts;

	private WindowSession session;

	/** What the fake server answers to the half-close, before completing. */
	private Consumer<StreamObserver<ReduceResponse>> onHalfClose = (responses) -> {
	};

	@BeforeEach
	void start() throws Exception {
		String name = "protocol-" + UUID.randomUUID();
		this.server = InProcessServerBuilder.forName(name).directExecutor().addService(new ReduceGrpc.ReduceImplBase() {

			@Override
			public StreamObserver<ReduceRequest> reduceFn(StreamObserver<ReduceResponse> responses) {
				return new StreamObserver<>() {

					@Override
					public void onNext(ReduceRequest request) {
					}

					@Override
					public void onError(Throwable error) {
					}

					@Override
					public void onCompleted() {
						SessionProtocolCheckTests.this.onHalfClose.accept(responses);
						responses.onCompleted();
					}

				};
			}

		}).build().start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
		StreamActivity activity = new StreamActivity();
		StreamActivity.Counts windowCounts = activity.begin(WINDOW);
		this.counts = windowCounts;
		WindowCall call = new ReduceStreamClient(this.channel).open(WINDOW, (result) -> windowCounts.changed());
		this.session = new DefaultWindowSession(call, activity, windowCounts, Duration.ofSeconds(5),
				new TestTimers(new ManualTimerClock(), Duration.ofSeconds(5)), PayloadCodecs.defaultCodec());
	}

	@AfterEach
	void stop() {
		this.session.close();
		this.channel.shutdownNow();
		this.server.shutdownNow();
	}

	private static Window wire() {
		return ReduceRequests.window(WINDOW.start(), WINDOW.end());
	}

	private static ReduceResponse result(String value) {
		return ReduceResponse.newBuilder()
			.setWindow(wire())
			.setResult(ReduceResponse.Result.newBuilder()
				.addKeys("a")
				.setValue(com.google.protobuf.ByteString.copyFromUtf8(value)))
			.build();
	}

	private static ReduceResponse eof() {
		return ReduceResponse.newBuilder().setWindow(wire()).setEOF(true).build();
	}

	@Test
	void acceptsResultsThenOneEof() {
		this.onHalfClose = (responses) -> {
			responses.onNext(result("x"));
			responses.onNext(eof());
		};
		assertThat(this.session.endWindow().all()).extracting(Result::valueAsString, Result::phase)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("x", Phase.AT_END));
	}

	@Test
	void rejectsTwoEofs() {
		this.onHalfClose = (responses) -> {
			responses.onNext(eof());
			responses.onNext(eof());
		};
		assertThatExceptionOfType(AssertionError.class).isThrownBy(this.session::endWindow)
			.withMessageContaining("a response after the end-of-stream response");
	}

	@Test
	void rejectsAResultWithoutItsWindow() {
		this.onHalfClose = (responses) -> {
			responses.onNext(ReduceResponse.newBuilder()
				.setResult(
						ReduceResponse.Result.newBuilder().setValue(com.google.protobuf.ByteString.copyFromUtf8("x")))
				.build());
			responses.onNext(eof());
		};
		assertThatExceptionOfType(AssertionError.class).isThrownBy(this.session::endWindow)
			.withMessageContaining("a response without the window's start and end");
	}

	@Test
	void rejectsAStreamWithDatumsButNoEof() {
		this.onHalfClose = (responses) -> responses.onNext(result("x"));
		this.session.send("a", "1");
		// This fake server runs no streamer: count the datum as handled here.
		this.counts.handled.incrementAndGet();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(this.session::endWindow)
			.withMessageContaining("expected exactly one end-of-stream (EOF) response but got 0");
	}

}
