package dev.numaflow.reducestream.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.server.CountingStreamer;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.server.ReduceStreamServerSettings;
import dev.numaflow.reducestream.server.ResponseRecorder;
import dev.numaflow.reducestream.server.TestServers;
import dev.numaflow.reducestream.serverinfo.ServerInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real server whose listener is {@link ReduceStreamMetrics} bound to a
 * {@link SimpleMeterRegistry} with a fixed clock, a client of it, and readers of the
 * meters; stopped and closed by {@link #close()}.
 */
final class MeteredServer implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	/** The fixed wall clock of the meters, in milliseconds. */
	static final long NOW = 1_000_000_000L;

	static final Window WINDOW = ReduceClient.window(60_000, 120_000);

	static final Tags COMMON_TAGS = Tags.of("pipeline", "the-pipeline", "vertex", "the-vertex", "replica", "3");

	final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<Runnable> closers = new ArrayList<>();

	ReduceClient start(Path directory, ReduceStreamerFactory factory) {
		return start(TestServers.settings(directory), factory);
	}

	ReduceClient start(ReduceStreamServerSettings settings, ReduceStreamerFactory factory) {
		ReduceStreamMetrics metrics = new ReduceStreamMetrics(COMMON_TAGS, () -> NOW);
		metrics.bindTo(this.registry);
		ReduceStreamServer server = new ReduceStreamServer(settings, factory, ServerInfo.forThisStarter(), metrics,
				null);
		server.start();
		this.closers.add(server::stop);
		ReduceClient client = ReduceClient.connect(server.getSocketPath());
		this.closers.add(0, client::close);
		return client;
	}

	/** Threshold 1: a result for every second datum of a key set, and one at its end. */
	ReduceClient startCounting(Path directory) {
		return start(directory, (metadata) -> new CountingStreamer(1));
	}

	/** Throws on a datum whose value is {@code boom}; sends one result at the end. */
	ReduceClient startFailingOnBoom(Path directory) {
		return start(directory, (metadata) -> ReduceStreamer.of((datum, output, md) -> {
			if (datum.valueAsString().equals("boom")) {
				throw new IllegalStateException("boom");
			}
		}, (output, md) -> output.send(Message.of("end", md.keys()))));
	}

	double count(String name, String... tags) {
		return this.registry.get(name).tags(tags).counter().count();
	}

	double gauge(String name) {
		return this.registry.get(name).gauge().value();
	}

	double watermarkLagMillis() {
		return this.registry.get("numaflow.reducestream.watermark.lag").timeGauge().value(TimeUnit.MILLISECONDS);
	}

	/** Opens a stream of one window with one datum for each of the keys a, b and c. */
	static StreamObserver<ReduceRequest> openThreeKeySets(ReduceClient client, ResponseRecorder recorder) {
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("b"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("c"), "x"));
		return requests;
	}

	void awaitThreeActiveKeySetsInOneActiveStream() {
		awaitActive(1, 3);
	}

	void awaitNothingActive() {
		awaitActive(0, 0);
	}

	private void awaitActive(int streams, int keySets) {
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(new double[] { gauge("numaflow.reducestream.streams.active"),
					gauge("numaflow.reducestream.keysets.active") })
				.containsExactly(streams, keySets));
	}

	@Override
	public void close() {
		this.closers.forEach(Runnable::run);
	}

}
