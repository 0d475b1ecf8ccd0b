package dev.numaflow.reducestream.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.grpc.Context.CancellableContext;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest.WindowOperation.Event;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ReduceStreamListener;
import dev.numaflow.reducestream.server.ResponseRecorder;
import dev.numaflow.reducestream.server.StreamerThreads;
import dev.numaflow.reducestream.server.TestServers;

import static dev.numaflow.reducestream.metrics.MeteredServer.COMMON_TAGS;
import static dev.numaflow.reducestream.metrics.MeteredServer.NOW;
import static dev.numaflow.reducestream.metrics.MeteredServer.TIMEOUT;
import static dev.numaflow.reducestream.metrics.MeteredServer.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * The counters and the timer of {@link ReduceStreamMetrics} as the listener of a real
 * server, after a client has talked to it over its socket; the meters' names and tags.
 * The gauges are in {@link ReduceStreamMetricsGaugeTests}.
 */
class ReduceStreamMetricsTests {

	@TempDir
	Path directory;

	private final MeteredServer meters = new MeteredServer();

	@AfterEach
	void close() {
		this.meters.close();
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

	@Test
	void datumsCountOpenAndAppendRequestsButNotClose() throws Exception {
		sevenDatumsInTwoKeySets(this.meters.startCounting(this.directory));
		assertThat(this.meters.count("numaflow.reducestream.datums")).isEqualTo(7);
	}

	@Test
	void keySetsCountEachDistinctWindowAndKeysOnce() throws Exception {
		ReduceClient client = this.meters.startCounting(this.directory);
		sevenDatumsInTwoKeySets(client);
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(ReduceClient.window(120_000, 180_000), List.of("a"), "x"));
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(this.meters.count("numaflow.reducestream.keysets")).isEqualTo(3);
	}

	@Test
	void messagesCountTheResultsTheClientReceivedButNotTheEof() throws Exception {
		ResponseRecorder recorder = sevenDatumsInTwoKeySets(this.meters.startCounting(this.directory));
		// a: results after datums 2 and 4, and at its end; b: after datum 2, and at its
		// end.
		assertThat(recorder.results()).hasSize(5);
		assertThat(recorder.responses()).hasSize(6);
		assertThat(this.meters.count("numaflow.reducestream.messages")).isEqualTo(5);
	}

	@Test
	void streamsCountEachEndedStreamByOutcome() throws Exception {
		ReduceClient client = this.meters.startFailingOnBoom(this.directory);
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
		await().atMost(TIMEOUT).until(() -> this.meters.count("numaflow.reducestream.datums") == 4);
		context.cancel(null);
		await().atMost(TIMEOUT)
			.untilAsserted(
					() -> assertThat(new double[] { this.meters.count("numaflow.reducestream.streams", "outcome", "ok"),
							this.meters.count("numaflow.reducestream.streams", "outcome", "error"),
							this.meters.count("numaflow.reducestream.streams", "outcome", "cancelled") })
						.containsExactly(2, 1, 1));
	}

	@Test
	void aCallThatHoldsATransportThreadIsCountedOnce() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		ReduceClient client = this.meters.start(
				TestServers.settings(this.directory).withStreamerThreads(StreamerThreads.TRANSPORT),
				(metadata) -> (datum, output, md) -> {
					if (datum.valueAsString().equals("hold")) {
						assertThat(release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
					}
				});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		await().atMost(TIMEOUT).until(() -> this.meters.count("numaflow.reducestream.datums") == 1);
		assertThat(this.meters.count("numaflow.reducestream.transport.held")).isZero();
		requests.onNext(ReduceClient.append(WINDOW, List.of("a"), "hold"));
		try {
			await().atMost(TIMEOUT).until(() -> this.meters.count("numaflow.reducestream.transport.held") == 1);
			// Counted once, however long it holds on.
			await().during(Duration.ofMillis(1_500))
				.atMost(TIMEOUT)
				.until(() -> this.meters.count("numaflow.reducestream.transport.held") == 1);
		}
		finally {
			release.countDown();
		}
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(this.meters.count("numaflow.reducestream.transport.held")).isEqualTo(1);
	}

	@Test
	void aHandlerErrorCountsAsKindHandler() throws Exception {
		ResponseRecorder recorder = new ResponseRecorder();
		this.meters.startFailingOnBoom(this.directory)
			.async()
			.reduceFn(recorder)
			.onNext(ReduceClient.open(WINDOW, List.of("a"), "boom"));
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INTERNAL);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(
					new double[] { this.meters.count("numaflow.reducestream.errors", "kind", "handler"),
							this.meters.count("numaflow.reducestream.errors", "kind", "protocol") })
				.containsExactly(1, 0));
	}

	@Test
	void anInvalidRequestCountsAsKindProtocol() throws Exception {
		ResponseRecorder recorder = new ResponseRecorder();
		this.meters.startFailingOnBoom(this.directory)
			.async()
			.reduceFn(recorder)
			.onNext(ReduceRequest.getDefaultInstance());
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(
					new double[] { this.meters.count("numaflow.reducestream.errors", "kind", "handler"),
							this.meters.count("numaflow.reducestream.errors", "kind", "protocol") })
				.containsExactly(0, 1));
	}

	@Test
	void handlerTimerCountsEachDatumAndEachEndOfInput() throws Exception {
		sevenDatumsInTwoKeySets(this.meters.startCounting(this.directory));
		await().atMost(TIMEOUT)
			.until(() -> this.meters.registry.get("numaflow.reducestream.handler").timer().count() == 7 + 2);
		assertThat(this.meters.registry.get("numaflow.reducestream.handler").timer().totalTime(TimeUnit.NANOSECONDS))
			.isPositive();
	}

	@Test
	void platformTagsMapTheNumaflowEnvironmentVariables() {
		Map<String, String> environment = Map.of("NUMAFLOW_PIPELINE_NAME", "simple-pipeline", "NUMAFLOW_VERTEX_NAME",
				"counter", "NUMAFLOW_REPLICA", "2", "HOSTNAME", "counter-0");
		assertThat(ReduceStreamMetrics.platformTags(environment::get)).containsExactlyInAnyOrder(
				Tag.of("pipeline", "simple-pipeline"), Tag.of("vertex", "counter"), Tag.of("replica", "2"));
	}

	@Test
	void platformTagsSkipAbsentAndEmptyVariables() {
		Map<String, String> environment = Map.of("NUMAFLOW_PIPELINE_NAME", "", "NUMAFLOW_VERTEX_NAME", "counter");
		assertThat(ReduceStreamMetrics.platformTags(environment::get)).containsExactly(Tag.of("vertex", "counter"));
	}

	@Test
	void everyMeterCarriesTheCommonTagsAndNoKeyOrWindowTag() throws Exception {
		ReduceClient client = this.meters.startFailingOnBoom(this.directory);
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("key-a"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("key-b", "key-c"), "boom"));
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INTERNAL);
		this.meters.awaitNothingActive();
		List<Meter> meters = this.meters.registry.getMeters();
		assertThat(meters).hasSize(14).allSatisfy((meter) -> {
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
		new ReduceStreamMetrics(Tags.empty(), () -> NOW).bindTo(this.meters.registry);
		assertThat(this.meters.registry.getMeters())
			.extracting((meter) -> meter.getId().getName() + ":" + meter.getId().getType()
					+ meter.getId().getTags().stream().map((tag) -> ":" + tag.getValue()).toList())
			.containsExactlyInAnyOrder("numaflow.reducestream.streams.active:GAUGE[]",
					"numaflow.reducestream.streams:COUNTER[:ok]", "numaflow.reducestream.streams:COUNTER[:error]",
					"numaflow.reducestream.streams:COUNTER[:cancelled]", "numaflow.reducestream.keysets.active:GAUGE[]",
					"numaflow.reducestream.keysets:COUNTER[]", "numaflow.reducestream.datums:COUNTER[]",
					"numaflow.reducestream.messages:COUNTER[]", "numaflow.reducestream.errors:COUNTER[:handler]",
					"numaflow.reducestream.errors:COUNTER[:protocol]", "numaflow.reducestream.errors:COUNTER[:runtime]",
					"numaflow.reducestream.handler:TIMER[]", "numaflow.reducestream.watermark.lag:GAUGE[]",
					"numaflow.reducestream.transport.held:COUNTER[]");
	}

	@Test
	void listenerCallbacksBeforeBindingAreSafe() {
		ReduceStreamMetrics unbound = new ReduceStreamMetrics(Tags.empty(), () -> NOW);
		assertThatNoException().isThrownBy(() -> everyCallbackOnce(unbound));
	}

	@Test
	void gaugesShowStreamsOpenedBeforeBinding() {
		ReduceStreamMetrics metrics = new ReduceStreamMetrics(Tags.empty(), () -> NOW);
		metrics.streamOpened();
		metrics.bindTo(this.meters.registry);
		assertThat(this.meters.gauge("numaflow.reducestream.streams.active")).isEqualTo(1);
	}

	@Test
	void countsInEveryRegistryItIsBoundTo() {
		SimpleMeterRegistry other = new SimpleMeterRegistry();
		ReduceStreamMetrics metrics = new ReduceStreamMetrics(Tags.empty(), () -> NOW);
		metrics.bindTo(this.meters.registry);
		metrics.bindTo(other);
		metrics.datumReceived(NOW);
		assertThat(new double[] { this.meters.count("numaflow.reducestream.datums"),
				other.get("numaflow.reducestream.datums").counter().count() })
			.containsExactly(1, 1);
	}

	@Test
	void userCodeIsTimedOnlyOnceBoundToARegistryThatKeepsTheHandlerTimer() {
		ReduceStreamMetrics metrics = new ReduceStreamMetrics(Tags.empty(), () -> NOW);
		assertThat(metrics.timesHandlers()).isFalse();
		SimpleMeterRegistry denying = new SimpleMeterRegistry();
		// What Boot's management.metrics.enable.numaflow.reducestream.handler=false does.
		denying.config().meterFilter(MeterFilter.denyNameStartsWith("numaflow.reducestream.handler"));
		metrics.bindTo(denying);
		assertThat(metrics.timesHandlers()).isFalse();
		metrics.bindTo(this.meters.registry);
		assertThat(metrics.timesHandlers()).isTrue();
	}

	@Test
	void aServerWhoseRegistryDeniesTheHandlerTimerStillCountsDatums() throws Exception {
		this.meters.registry.config().meterFilter(MeterFilter.denyNameStartsWith("numaflow.reducestream.handler"));
		sevenDatumsInTwoKeySets(this.meters.startCounting(this.directory));
		assertThat(this.meters.count("numaflow.reducestream.datums")).isEqualTo(7);
		assertThat(this.meters.registry.find("numaflow.reducestream.handler").timer()).isNull();
	}

	private static void everyCallbackOnce(ReduceStreamMetrics metrics) {
		metrics.streamOpened();
		metrics.keySetOpened();
		metrics.datumReceived(NOW);
		metrics.handlerCompleted(1_000);
		metrics.resultSent();
		metrics.error(ReduceStreamListener.ErrorKind.HANDLER);
		metrics.keySetClosed();
		metrics.streamClosed(ReduceStreamListener.Outcome.ERROR);
	}

}
