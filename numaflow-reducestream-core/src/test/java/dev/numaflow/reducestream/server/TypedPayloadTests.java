package dev.numaflow.reducestream.server;

import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.codec.JsonPayloadCodec;
import dev.numaflow.reducestream.codec.PayloadCodec;
import dev.numaflow.reducestream.codec.PayloadDecodingException;
import dev.numaflow.reducestream.codec.PayloadType;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.serverinfo.ServerInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Typed payloads over the real socket: datums decoded and results encoded by the server's
 * codec, a payload that does not decode failing only its own stream, and decoding that
 * happens once per datum, and never for a streamer that reads bytes.
 */
class TypedPayloadTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** The server's mapper writes and reads snake_case: the default mapper does not. */
	private static final JsonMapper SNAKE_CASE = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	@TempDir
	Path directory;

	private @Nullable ReduceStreamServer server;

	@AfterEach
	void stop() {
		ReduceStreamServer started = this.server;
		if (started != null) {
			started.stop();
		}
	}

	@Test
	void datumsAreDecodedAndResultsEncodedByTheServersCodec() throws Exception {
		ReduceStreamServer server = start((metadata) -> new MaxStreamer(), new JsonPayloadCodec(SNAKE_CASE));
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			Window window = ReduceClient.window(60_000, 120_000);
			ResponseRecorder recorder = new ResponseRecorder();
			StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
			requests.onNext(ReduceClient.open(window, List.of("s1"), "{\"sensor_id\":\"s1\",\"celsius\":21.5}"));
			requests.onNext(ReduceClient.append(window, List.of("s1"), "{\"sensor_id\":\"s1\",\"celsius\":35.0}"));
			requests.onNext(ReduceClient.append(window, List.of("s1"), "{\"sensor_id\":\"s1\",\"celsius\":30.5}"));
			requests.onCompleted();
			assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(recorder.resultValues()).containsExactly(
					"{\"sensor_id\":\"s1\",\"max_celsius\":35.0,\"readings\":2}",
					"{\"sensor_id\":\"s1\",\"max_celsius\":35.0,\"readings\":3}",
					"{\"sensor_id\":\"s1\",\"max_celsius\":35.0,\"readings\":3}");
			assertThat(recorder.results()).map((response) -> List.copyOf(response.getResult().getTagsList()))
				.containsExactly(List.of("hot"), List.of("hot"), List.<String>of());
		}
	}

	@Test
	void aPayloadDecodesIntoAGenericType() throws Exception {
		PayloadType<List<Reading>> readings = new PayloadType<>() {
		};
		ReduceStreamServer server = start(
				(metadata) -> (datum, output, md) -> output.sendValue(datum.value(readings).get(1), md.keys()),
				new JsonPayloadCodec(SNAKE_CASE));
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			Window window = ReduceClient.window(60_000, 120_000);
			ResponseRecorder recorder = new ResponseRecorder();
			StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
			requests.onNext(ReduceClient.open(window, List.of("s1"),
					"[{\"sensor_id\":\"s1\",\"celsius\":1.0},{\"sensor_id\":\"s2\",\"celsius\":2.0}]"));
			requests.onCompleted();
			assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(recorder.resultValues()).containsExactly("{\"sensor_id\":\"s2\",\"celsius\":2.0}");
		}
	}

	@Test
	void aPayloadThatDoesNotDecodeEndsItsStreamWithUdfExecutionErrorAndOtherStreamsGoOn() throws Exception {
		ReduceStreamServer server = start((metadata) -> new MaxStreamer(), new JsonPayloadCodec(SNAKE_CASE));
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			Window window = ReduceClient.window(60_000, 120_000);
			ResponseRecorder healthy = new ResponseRecorder();
			StreamObserver<ReduceRequest> healthyRequests = client.async().reduceFn(healthy);
			healthyRequests.onNext(ReduceClient.open(window, List.of("s1"), "{\"sensor_id\":\"s1\",\"celsius\":20}"));

			ResponseRecorder broken = new ResponseRecorder();
			StreamObserver<ReduceRequest> brokenRequests = client.async().reduceFn(broken);
			String bad = "{\"sensor_id\":\"s2\",\"celsius\":\"hot\",\"note\":\"" + "x".repeat(100) + "\"}";
			brokenRequests.onNext(ReduceClient.open(window, List.of("s2", "eu"), bad));
			Status status = broken.awaitEnd(TIMEOUT);
			assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
			assertThat(status.getDescription()).startsWith("UDF_EXECUTION_ERROR(unknown-container): ")
				.contains(PayloadDecodingException.class.getName())
				.contains("key set [s2, eu]")
				.contains("as " + Reading.class.getName())
				.contains("first 64 of " + bad.length() + " bytes: " + bad.substring(0, 64) + ")")
				.doesNotContain(bad.substring(0, 65));

			healthyRequests.onNext(ReduceClient.append(window, List.of("s1"), "{\"sensor_id\":\"s1\",\"celsius\":25}"));
			healthyRequests.onCompleted();
			assertThat(healthy.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(healthy.resultValues())
				.containsExactly("{\"sensor_id\":\"s1\",\"max_celsius\":25.0,\"readings\":2}");
		}
	}

	@Test
	@SuppressWarnings("ReferenceEquality") // the cached value itself, not an equal one
	void aDatumIsDecodedOnceHoweverOftenItsValueIsRead() throws Exception {
		CountingCodec codec = new CountingCodec(new JsonPayloadCodec(SNAKE_CASE));
		ReduceStreamServer server = start((metadata) -> (datum, output, md) -> {
			Reading first = datum.value(Reading.class);
			Reading again = datum.value(Reading.class);
			output.send(Message.of("same instance: " + (first == again), md.keys()));
		}, codec);
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			Window window = ReduceClient.window(60_000, 120_000);
			ResponseRecorder recorder = new ResponseRecorder();
			StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
			requests.onNext(ReduceClient.open(window, List.of("s1"), "{\"sensor_id\":\"s1\",\"celsius\":1}"));
			requests.onNext(ReduceClient.append(window, List.of("s1"), "{\"sensor_id\":\"s1\",\"celsius\":2}"));
			requests.onCompleted();
			assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(recorder.resultValues()).containsExactly("same instance: true", "same instance: true");
			assertThat(codec.decoded).hasValue(2);
		}
	}

	@Test
	void aStreamerThatReadsBytesNeverCallsTheCodec() throws Exception {
		CountingCodec codec = new CountingCodec(new JsonPayloadCodec(SNAKE_CASE));
		ReduceStreamServer server = start(
				(metadata) -> (datum, output, md) -> output.send(Message.of(datum.value(), md.keys())), codec);
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			Window window = ReduceClient.window(60_000, 120_000);
			ResponseRecorder recorder = new ResponseRecorder();
			StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
			requests.onNext(ReduceClient.open(window, List.of("s1"), "not json at all"));
			requests.onCompleted();
			assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(recorder.resultValues()).containsExactly("not json at all");
			assertThat(codec.decoded).hasValue(0);
			assertThat(codec.encoded).hasValue(0);
		}
	}

	private ReduceStreamServer start(ReduceStreamerFactory factory, PayloadCodec codec) {
		ReduceStreamServer started = new ReduceStreamServer(TestServers.settings(this.directory), factory, codec,
				ServerInfo.forThisStarter(), ReduceStreamListener.NONE, null);
		this.server = started;
		started.start();
		return started;
	}

	record Reading(String sensorId, double celsius) {
	}

	record Max(String sensorId, double maxCelsius, int readings) {
	}

	/** Sends the maximum so far, tagged, on each hot reading, and untagged at the end. */
	static final class MaxStreamer implements ReduceStreamer {

		private final List<Reading> readings = new ArrayList<>();

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			Reading reading = datum.value(Reading.class);
			this.readings.add(reading);
			if (reading.celsius() >= 30) {
				output.sendValue(max(), metadata.keys(), List.of("hot"));
			}
		}

		@Override
		public void onEndOfInput(Output output, Metadata metadata) {
			output.sendValue(max(), metadata.keys());
		}

		private Max max() {
			double max = this.readings.stream().mapToDouble(Reading::celsius).max().orElse(Double.NaN);
			return new Max(this.readings.get(0).sensorId(), max, this.readings.size());
		}

	}

	static final class CountingCodec implements PayloadCodec {

		final AtomicInteger decoded = new AtomicInteger();

		final AtomicInteger encoded = new AtomicInteger();

		private final PayloadCodec delegate;

		CountingCodec(PayloadCodec delegate) {
			this.delegate = delegate;
		}

		@Override
		public Object decode(byte[] payload, Type type) throws Exception {
			this.decoded.incrementAndGet();
			return this.delegate.decode(payload, type);
		}

		@Override
		public byte[] encode(Object value) throws Exception {
			this.encoded.incrementAndGet();
			return this.delegate.encode(value);
		}

	}

}
