package dev.numaflow.reducestream.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.grpc.Context.CancellableContext;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest.WindowOperation.Event;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.server.CountingStreamer;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.server.ReduceStreamerFactory;
import dev.numaflow.reducestream.server.ResponseRecorder;
import dev.numaflow.reducestream.server.TestServers;
import dev.numaflow.reducestream.serverinfo.ServerInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link ReduceStreamMetrics} as the listener of a real server: what the meters say after
 * a client has talked to it over its socket.
 */
class ReduceStreamMetricsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final long NOW = 1_000_000_000L;

	private static final Window WINDOW = ReduceClient.window(60_000, 120_000);

	private static final Tags COMMON_TAGS = Tags.of("pipeline", "the-pipeline", "vertex", "the-vertex", "replica", "3");

	@TempDir
	Path directory;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	private ReduceClient start(ReduceStreamerFactory factory) {
		ReduceStreamServer server = new ReduceStreamServer(TestServers.settings(this.directory), factory,
				ServerInfo.forThisStarter());
		server.setListener(new ReduceStreamMetrics(this.registry, COMMON_TAGS, () -> NOW));
		server.start();
		this.resources.add(server::stop);
		ReduceClient client = ReduceClient.connect(server.getSocketPath());
		this.resources.add(0, client);
		return client;
	}

	/** Threshold 1: a result for every second datum of a key set, and one at its end. */
	private ReduceClient startCounting() {
		return start((metadata) -> new CountingStreamer(1));
	}

	/** Throws on a datum whose value is {@code boom}, otherwise does nothing. */
	private ReduceClient startFailingOnBoom() {
		return start((metadata) -> ReduceStreamer.of((datum, output, md) -> {
			if (datum.valueAsString().equals("boom")) {
				throw new IllegalStateException("boom");
			}
		}, (output, md) -> output.send(Message.of("end", md.keys()))));
	}

	private double count(String name, String... tags) {
		return this.registry.get(name).tags(tags).counter().count();
	}

	private double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	private double watermarkLagMillis() {
		return this.registry.get("numaflow.reducestream.watermark.lag").timeGauge().value(TimeUnit.MILLISECONDS);
	}

	private static ReduceRequest withWatermark(ReduceRequest request, long watermarkMillis) {
		return request.toBuilder()
			.setPayload(request.getPayload().toBuilder().setWatermark(ReduceClient.timestamp(watermarkMillis)))
			.build();
	}

	private static ReduceRequest withoutWatermark(ReduceRequest request) {
		return request.toBuilder().setPayload(request.getPayload().toBuilder().clearWatermark()).build();
	}

	/**
	 * One window: key a gets five datums, key b two, and a CLOSE that is not a datum;
	 * then a half-close.
	 */
	private static ResponseRecorder sevenDatumsInTwoKeySets(ReduceClient client) throws Exception {
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("b"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.request(Event.CLOSE, WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("b"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("a"), "x"));
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		return recorder;
	}

	private static StreamObserver<ReduceRequest> openThreeKeySets(ReduceClient client, ResponseRecorder recorder) {
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("b"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("c"), "x"));
		return requests;
	}

	private void awaitThreeActiveKeySetsInOneActiveStream() {
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(new double[] { gauge("numaflow.reducestream.streams.active"),
					gauge("numaflow.reducestream.keysets.active") })
				.containsExactly(1, 3));
	}

	private void awaitNothingActive() {
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(new double[] { gauge("numaflow.reducestream.streams.active"),
					gauge("numaflow.reducestream.keysets.active") })
				.containsExactly(0, 0));
	}

	@Test
	void datumsCountOpenAndAppendRequestsButNotClose() throws Exception {
		sevenDatumsInTwoKeySets(startCounting());
		assertThat(count("numaflow.reducestream.datums")).isEqualTo(7);
	}

	@Test
	void keySetsCountEachDistinctWindowAndKeysOnce() throws Exception {
		ReduceClient client = startCounting();
		sevenDatumsInTwoKeySets(client);
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(ReduceClient.window(120_000, 180_000), List.of("a"), "x"));
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(count("numaflow.reducestream.keysets")).isEqualTo(3);
	}

	@Test
	void messagesCountTheResultsTheClientReceivedButNotTheEof() throws Exception {
		ResponseRecorder recorder = sevenDatumsInTwoKeySets(startCounting());
		// a: results after datums 2 and 4, and at its end; b: after datum 2, and at its
		// end.
		assertThat(recorder.results()).hasSize(5);
		assertThat(recorder.responses()).hasSize(6);
		assertThat(count("numaflow.reducestream.messages")).isEqualTo(5);
	}

	@Test
	void streamsCountEachEndedStreamByOutcome() throws Exception {
		ReduceClient client = startFailingOnBoom();
		for (int i = 0; i < 2; i++) {
			ResponseRecorder ok = new ResponseRecorder();
			StreamObserver<ReduceRequest> requests = client.async().reduceFn(ok);
			requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
			requests.onCompleted();
			assertThat(ok.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		}
		ResponseRecorder failed = new ResponseRecorder();
		client.async().reduceFn(failed).onNext(ReduceClient.open(WINDOW, List.of("a"), "boom"));
		assertThat(failed.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INTERNAL);
		CancellableContext context = io.grpc.Context.current().withCancellation();
		StreamObserver<ReduceRequest> cancelled = context.call(() -> client.async().reduceFn(new ResponseRecorder()));
		cancelled.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		await().atMost(TIMEOUT).until(() -> count("numaflow.reducestream.datums") == 4);
		context.cancel(null);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(new double[] { count("numaflow.reducestream.streams", "outcome", "ok"),
					count("numaflow.reducestream.streams", "outcome", "error"),
					count("numaflow.reducestream.streams", "outcome", "cancelled") })
				.containsExactly(2, 1, 1));
	}

	@Test
	void activeGaugesRiseDuringAStreamAndReturnToZeroAfterItEnds() throws Exception {
		ReduceClient client = startCounting();
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = openThreeKeySets(client, recorder);
		awaitThreeActiveKeySetsInOneActiveStream();
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		awaitNothingActive();
	}

	@Test
	void activeGaugesReturnToZeroAfterTheClientCancels() throws Exception {
		ReduceClient client = startCounting();
		CancellableContext context = io.grpc.Context.current().withCancellation();
		context.call(() -> openThreeKeySets(client, new ResponseRecorder()));
		awaitThreeActiveKeySetsInOneActiveStream();
		context.cancel(null);
		awaitNothingActive();
		assertThat(count("numaflow.reducestream.streams", "outcome", "cancelled")).isEqualTo(1);
	}

	@Test
	void activeGaugesReturnToZeroAfterAHandlerError() throws Exception {
		ReduceClient client = startFailingOnBoom();
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = openThreeKeySets(client, recorder);
		awaitThreeActiveKeySetsInOneActiveStream();
		requests.onNext(ReduceClient.append(WINDOW, List.of("b"), "boom"));
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INTERNAL);
		awaitNothingActive();
		assertThat(count("numaflow.reducestream.streams", "outcome", "error")).isEqualTo(1);
	}

	@Test
	void activeGaugesReturnToZeroAfterAnInvalidRequest() throws Exception {
		ReduceClient client = startCounting();
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = openThreeKeySets(client, recorder);
		awaitThreeActiveKeySetsInOneActiveStream();
		requests.onNext(ReduceRequest.getDefaultInstance());
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		awaitNothingActive();
		assertThat(count("numaflow.reducestream.streams", "outcome", "error")).isEqualTo(1);
	}

	@Test
	void aHandlerErrorCountsAsKindHandler() throws Exception {
		ResponseRecorder recorder = new ResponseRecorder();
		startFailingOnBoom().async().reduceFn(recorder).onNext(ReduceClient.open(WINDOW, List.of("a"), "boom"));
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INTERNAL);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(new double[] { count("numaflow.reducestream.errors", "kind", "handler"),
					count("numaflow.reducestream.errors", "kind", "protocol") })
				.containsExactly(1, 0));
	}

	@Test
	void anInvalidRequestCountsAsKindProtocol() throws Exception {
		ResponseRecorder recorder = new ResponseRecorder();
		startFailingOnBoom().async().reduceFn(recorder).onNext(ReduceRequest.getDefaultInstance());
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(new double[] { count("numaflow.reducestream.errors", "kind", "handler"),
					count("numaflow.reducestream.errors", "kind", "protocol") })
				.containsExactly(0, 1));
	}

	@Test
	void handlerTimerCountsEachDatumAndEachEndOfInput() throws Exception {
		sevenDatumsInTwoKeySets(startCounting());
		await().atMost(TIMEOUT)
			.until(() -> this.registry.get("numaflow.reducestream.handler").timer().count() == 7 + 2);
		assertThat(this.registry.get("numaflow.reducestream.handler").timer().totalTime(TimeUnit.NANOSECONDS))
			.isPositive();
	}

	@Test
	void watermarkLagIsTheClockMinusTheNewestWatermarkReceived() throws Exception {
		ReduceClient client = startCounting();
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(withWatermark(ReduceClient.open(WINDOW, List.of("a"), "x"), NOW - 500_000));
		requests.onNext(withWatermark(ReduceClient.append(WINDOW, List.of("b"), "x"), NOW - 100_000));
		requests.onNext(withWatermark(ReduceClient.append(WINDOW, List.of("a"), "x"), NOW - 300_000));
		requests.onNext(withoutWatermark(ReduceClient.append(WINDOW, List.of("a"), "x")));
		await().atMost(TIMEOUT).until(() -> count("numaflow.reducestream.datums") == 4);
		assertThat(watermarkLagMillis()).isEqualTo(100_000);
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
	}

	@Test
	void watermarkLagIsNaNBeforeAnyDatumCarriesAWatermark() throws Exception {
		ReduceClient client = startCounting();
		assertThat(watermarkLagMillis()).isNaN();
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(withoutWatermark(ReduceClient.open(WINDOW, List.of("a"), "x")));
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(count("numaflow.reducestream.datums")).isEqualTo(1);
		assertThat(watermarkLagMillis()).isNaN();
	}

	@Test
	void platformTagsMapTheNumaflowEnvironmentVariables() {
		Map<String, String> environment = Map.of("NUMAFLOW_PIPELINE_NAME", "simple-pipeline", "NUMAFLOW_VERTEX_NAME",
				"counter", "NUMAFLOW_REPLICA", "2", "HOSTNAME", "counter-0");
		assertThat(ReduceStreamMetrics.platformTags(environment)).containsExactlyInAnyOrder(
				Tag.of("pipeline", "simple-pipeline"), Tag.of("vertex", "counter"), Tag.of("replica", "2"));
	}

	@Test
	void platformTagsSkipAbsentAndEmptyVariables() {
		Map<String, String> environment = Map.of("NUMAFLOW_PIPELINE_NAME", "", "NUMAFLOW_VERTEX_NAME", "counter");
		assertThat(ReduceStreamMetrics.platformTags(environment)).containsExactly(Tag.of("vertex", "counter"));
	}

	@Test
	void everyMeterCarriesTheCommonTagsAndNoKeyOrWindowTag() throws Exception {
		ReduceClient client = startFailingOnBoom();
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("key-a"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("key-b", "key-c"), "boom"));
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INTERNAL);
		awaitNothingActive();
		List<Meter> meters = this.registry.getMeters();
		assertThat(meters).hasSize(12).allSatisfy((meter) -> {
			List<Tag> tags = meter.getId().getTags();
			assertThat(tags).containsAll(COMMON_TAGS);
			assertThat(tags).extracting(Tag::getKey)
				.isSubsetOf(Set.of("pipeline", "vertex", "replica", "outcome", "kind"));
			assertThat(tags).extracting(Tag::getValue)
				.noneMatch((value) -> value.contains("key-") || value.contains("60") || value.contains("120"));
		});
	}

	@Test
	void metersAreRegisteredBeforeAnyStream() {
		new ReduceStreamMetrics(this.registry, Tags.empty(), () -> NOW);
		assertThat(this.registry.getMeters())
			.extracting((meter) -> meter.getId().getName() + ":" + meter.getId().getType()
					+ meter.getId().getTags().stream().map((tag) -> ":" + tag.getValue()).toList())
			.containsExactlyInAnyOrder("numaflow.reducestream.streams.active:GAUGE[]",
					"numaflow.reducestream.streams:COUNTER[:ok]", "numaflow.reducestream.streams:COUNTER[:error]",
					"numaflow.reducestream.streams:COUNTER[:cancelled]", "numaflow.reducestream.keysets.active:GAUGE[]",
					"numaflow.reducestream.keysets:COUNTER[]", "numaflow.reducestream.datums:COUNTER[]",
					"numaflow.reducestream.messages:COUNTER[]", "numaflow.reducestream.errors:COUNTER[:handler]",
					"numaflow.reducestream.errors:COUNTER[:protocol]", "numaflow.reducestream.handler:TIMER[]",
					"numaflow.reducestream.watermark.lag:GAUGE[]");
	}

}
