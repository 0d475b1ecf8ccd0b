package dev.numaflow.reducestream.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.codec.JsonPayloadCodec;
import dev.numaflow.reducestream.codec.PayloadCodec;
import dev.numaflow.reducestream.codec.PayloadCodecs;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * What typed payloads cost per datum against raw bytes: the runtime's own datum
 * ({@link ProtoDatum}) and result mapping, with a 40-byte JSON reading. {@code raw}
 * builds the datum, reads its bytes and sends them back as a result; {@code typed} builds
 * the datum, decodes a record with {@code Datum.value(Class)} and sends a record back
 * with {@code Output.sendValue}'s path; {@code rawUntouched} is a raw streamer that does
 * not read the payload at all (the counter sample), to show the datum itself costs the
 * same with or without a codec.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class TypedPayloadBenchmark {

	private static final List<String> KEYS = List.of("boiler-1");

	private static final Window WINDOW = Window.newBuilder()
		.setStart(com.google.protobuf.Timestamp.newBuilder().setSeconds(60))
		.setEnd(com.google.protobuf.Timestamp.newBuilder().setSeconds(120))
		.setSlot("0")
		.build();

	private final PayloadCodec codec = JsonPayloadCodec.withDefaultMapper();

	private final ReduceRequest.Payload payload = ReduceRequest.Payload.newBuilder()
		.addAllKeys(KEYS)
		.setValue(ByteString.copyFrom("{\"sensor\":\"boiler-1\",\"celsius\":92.5000}", StandardCharsets.UTF_8))
		.build();

	/** A reading: the payload's type. */
	public record Reading(String sensor, double celsius) {
	}

	/** A result's type. */
	public record Alert(String sensor, double celsius, int hot) {
	}

	/**
	 * A raw streamer that never reads the payload.
	 * @return the datum's key count, so the datum is not optimised away
	 */
	@Benchmark
	public int rawUntouched() {
		return new ProtoDatum(this.payload, KEYS, this.codec).keys().size();
	}

	/**
	 * Raw bytes in, the same bytes out as a result.
	 * @return the result
	 */
	@Benchmark
	public ReduceResponse raw() {
		ProtoDatum datum = new ProtoDatum(this.payload, KEYS, this.codec);
		return ProtoMapping.result(Message.of(datum.value(), datum.keys()), WINDOW);
	}

	/**
	 * A record decoded in, a record encoded out as a result.
	 * @return the result
	 */
	@Benchmark
	public ReduceResponse typed() {
		ProtoDatum datum = new ProtoDatum(this.payload, KEYS, this.codec);
		Reading reading = datum.value(Reading.class);
		Alert alert = new Alert(reading.sensor(), reading.celsius(), 1);
		return ProtoMapping.result(PayloadCodecs.encode(this.codec, alert, datum.keys()), datum.keys(), List.of(),
				WINDOW);
	}

}
