package dev.numaflow.reducestream.server;

import java.util.concurrent.TimeUnit;

import com.google.protobuf.InvalidProtocolBufferException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;

/**
 * For scale beside {@link KeySetLookupBenchmark}: the parse of one serialized request
 * (the same requests, 1,000 key sets round-robin), which every datum pays before its
 * lookup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RequestParseBenchmark {

	/**
	 * {@code short}: the end-to-end benchmark's keys ({@code k0}); {@code long}: 40
	 * bytes.
	 */
	@Param({ "short", "long" })
	public String keyLength = "short";

	private byte[][] wire = new byte[0][];

	private int next;

	@Setup(Level.Trial)
	public void prepare() {
		this.wire = KeySetLookupBenchmark.serialized(1000, this.keyLength);
	}

	/**
	 * {@code ReduceRequest.parseFrom}, as gRPC's marshaller does it.
	 * @return the request
	 * @throws InvalidProtocolBufferException never
	 */
	@Benchmark
	public ReduceRequest parse() throws InvalidProtocolBufferException {
		byte[] bytes = this.wire[this.next];
		this.next = (this.next + 1 == this.wire.length) ? 0 : this.next + 1;
		return ReduceRequest.parseFrom(bytes);
	}

}
