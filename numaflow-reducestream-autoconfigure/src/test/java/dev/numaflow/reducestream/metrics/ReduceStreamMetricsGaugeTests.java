package dev.numaflow.reducestream.metrics;

import java.nio.file.Path;
import java.util.List;

import io.grpc.Context.CancellableContext;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ResponseRecorder;

import static dev.numaflow.reducestream.metrics.MeteredServer.NOW;
import static dev.numaflow.reducestream.metrics.MeteredServer.TIMEOUT;
import static dev.numaflow.reducestream.metrics.MeteredServer.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gauges of {@link ReduceStreamMetrics} as the listener of a real server: active
 * streams and key sets however a stream ends, and the watermark lag.
 */
class ReduceStreamMetricsGaugeTests {

	@TempDir
	Path directory;

	private final MeteredServer meters = new MeteredServer();

	@AfterEach
	void close() {
		this.meters.close();
	}

	private static ReduceRequest withWatermark(ReduceRequest request, long watermarkMillis) {
		return request.toBuilder()
			.setPayload(request.getPayload().toBuilder().setWatermark(ReduceClient.timestamp(watermarkMillis)))
			.build();
	}

	private static ReduceRequest withoutWatermark(ReduceRequest request) {
		return request.toBuilder().setPayload(request.getPayload().toBuilder().clearWatermark()).build();
	}

	@Test
	void activeGaugesRiseDuringAStreamAndReturnToZeroAfterItEnds() throws Exception {
		ReduceClient client = this.meters.startCounting(this.directory);
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = MeteredServer.openThreeKeySets(client, recorder);
		this.meters.awaitThreeActiveKeySetsInOneActiveStream();
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		this.meters.awaitNothingActive();
	}

	@Test
	void activeGaugesReturnToZeroAfterTheClientCancels() throws Exception {
		ReduceClient client = this.meters.startCounting(this.directory);
		CancellableContext context = io.grpc.Context.current().withCancellation();
		context.call(() -> MeteredServer.openThreeKeySets(client, new ResponseRecorder()));
		this.meters.awaitThreeActiveKeySetsInOneActiveStream();
		context.cancel(null);
		this.meters.awaitNothingActive();
		assertThat(this.meters.count("numaflow.reducestream.streams", "outcome", "cancelled")).isEqualTo(1);
	}

	@Test
	void activeGaugesReturnToZeroAfterAHandlerError() throws Exception {
		ReduceClient client = this.meters.startFailingOnBoom(this.directory);
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = MeteredServer.openThreeKeySets(client, recorder);
		this.meters.awaitThreeActiveKeySetsInOneActiveStream();
		requests.onNext(ReduceClient.append(WINDOW, List.of("b"), "boom"));
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INTERNAL);
		this.meters.awaitNothingActive();
		assertThat(this.meters.count("numaflow.reducestream.streams", "outcome", "error")).isEqualTo(1);
	}

	@Test
	void activeGaugesReturnToZeroAfterAnInvalidRequest() throws Exception {
		ReduceClient client = this.meters.startCounting(this.directory);
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = MeteredServer.openThreeKeySets(client, recorder);
		this.meters.awaitThreeActiveKeySetsInOneActiveStream();
		requests.onNext(ReduceRequest.getDefaultInstance());
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		this.meters.awaitNothingActive();
		assertThat(this.meters.count("numaflow.reducestream.streams", "outcome", "error")).isEqualTo(1);
	}

	@Test
	void watermarkLagIsTheClockMinusTheNewestWatermarkReceived() throws Exception {
		ReduceClient client = this.meters.startCounting(this.directory);
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(withWatermark(ReduceClient.open(WINDOW, List.of("a"), "x"), NOW - 500_000));
		requests.onNext(withWatermark(ReduceClient.append(WINDOW, List.of("b"), "x"), NOW - 100_000));
		requests.onNext(withWatermark(ReduceClient.append(WINDOW, List.of("a"), "x"), NOW - 300_000));
		requests.onNext(withoutWatermark(ReduceClient.append(WINDOW, List.of("a"), "x")));
		await().atMost(TIMEOUT).until(() -> this.meters.count("numaflow.reducestream.datums") == 4);
		assertThat(this.meters.watermarkLagMillis()).isEqualTo(100_000);
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
	}

	@Test
	void watermarkLagIsNaNBeforeAnyDatumCarriesAWatermark() throws Exception {
		ReduceClient client = this.meters.startCounting(this.directory);
		assertThat(this.meters.watermarkLagMillis()).isNaN();
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(withoutWatermark(ReduceClient.open(WINDOW, List.of("a"), "x")));
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(this.meters.count("numaflow.reducestream.datums")).isEqualTo(1);
		assertThat(this.meters.watermarkLagMillis()).isNaN();
	}

}
