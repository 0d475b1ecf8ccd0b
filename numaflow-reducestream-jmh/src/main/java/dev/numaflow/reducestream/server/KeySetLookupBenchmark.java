package dev.numaflow.reducestream.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * The key set lookup per datum, on requests parsed from their serialized form as the
 * transport thread gets them (so every key is a fresh {@code String} with no cached
 * hash): {@code KeySetId} + {@code ConcurrentHashMap} (the runtime before
 * {@code d07d6b8}), a {@code HashMap} keyed by the parsed keys list, and a table that
 * compares the keys' raw UTF-8 bytes in the serialized request. Every variant first tries
 * the previous datum's key set, as {@code KeySetTable.keySet} does. Datums go round-robin
 * over the key sets, which all exist already (the steady state of a window).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class KeySetLookupBenchmark {

	static final int REQUESTS = 4000;

	static final int BATCH = 1000;

	static final Window WINDOW = Window.newBuilder()
		.setStart(Timestamp.newBuilder().setSeconds(1_764_000_000L))
		.setEnd(Timestamp.newBuilder().setSeconds(1_764_000_060L))
		.build();

	/** Key sets in the stream, datums round-robin over them. */
	@Param({ "1", "100", "1000" })
	public int keySets = 1;

	/**
	 * {@code short}: the end-to-end benchmark's keys ({@code k0}); {@code long}: 40
	 * bytes.
	 */
	@Param({ "short", "long" })
	public String keyLength = "short";

	private byte[][] wire = new byte[0][];

	private int next;

	private final ReduceRequest[] batch = new ReduceRequest[BATCH];

	private final byte[][] batchWire = new byte[BATCH][];

	private final Map<KeySetId, Slot> concurrent = new ConcurrentHashMap<>();

	private final Map<List<String>, Slot> byList = new HashMap<>();

	private RawKeyTable<Slot> byBytes = new RawKeyTable<>(1);

	private Window window = Window.getDefaultInstance();

	private byte[] windowBytes = new byte[0];

	private @Nullable Slot last;

	@Setup(Level.Trial)
	public void prepare() throws InvalidProtocolBufferException {
		this.window = WINDOW;
		this.windowBytes = this.window.toByteArray();
		this.byBytes = new RawKeyTable<>(this.keySets);
		this.wire = serialized(this.keySets, this.keyLength);
		for (int i = 0; i < this.keySets; i++) {
			byte[] bytes = this.wire[i];
			ReduceRequest request = ReduceRequest.parseFrom(bytes);
			Slot slot = new Slot(this.window, List.copyOf(request.getPayload().getKeysList()));
			this.concurrent.put(ProtoMapping.keySetId(this.window, slot.keys), slot);
			this.byList.put(slot.keys, slot);
			RawKeys raw = RawKeys.scan(bytes);
			this.byBytes.put(bytes, raw.keysFrom, raw.keysTo, slot);
		}
	}

	/**
	 * Serialized APPEND requests of one window, as the end-to-end benchmark's client
	 * sends them, round-robin over the key sets.
	 * @param keySets how many key sets
	 * @param keyLength {@code short} or {@code long}
	 * @return {@value #REQUESTS} requests
	 */
	static byte[][] serialized(int keySets, String keyLength) {
		ByteString value = ByteString.copyFromUtf8("{\"id\":42,\"value\":\"0123456789abcdef\"}");
		Timestamp eventTime = Timestamp.newBuilder().setSeconds(1_764_000_001L).build();
		byte[][] requests = new byte[REQUESTS][];
		for (int i = 0; i < REQUESTS; i++) {
			String key = keyLength.equals("short") ? "k" + (i % keySets)
					: String.format("customer-%08d/region-eu-west-1/dev-a", i % keySets);
			requests[i] = ReduceRequest.newBuilder()
				.setPayload(ReduceRequest.Payload.newBuilder()
					.addKeys(key)
					.setValue(value)
					.setEventTime(eventTime)
					.setWatermark(eventTime))
				.setOperation(ReduceRequest.WindowOperation.newBuilder()
					.setEvent(ReduceRequest.WindowOperation.Event.APPEND)
					.addWindows(WINDOW))
				.build()
				.toByteArray();
		}
		return requests;
	}

	private byte[] nextRequest() {
		byte[] bytes = this.wire[this.next];
		this.next = (this.next + 1 == this.wire.length) ? 0 : this.next + 1;
		return bytes;
	}

	/**
	 * Parses the next {@value #BATCH} requests, untimed: each lookup then sees fresh
	 * {@code String}s, as on the transport thread, without the parse in its time.
	 * @throws InvalidProtocolBufferException never
	 */
	@Setup(Level.Invocation)
	public void parseBatch() throws InvalidProtocolBufferException {
		for (int i = 0; i < BATCH; i++) {
			byte[] bytes = nextRequest();
			this.batchWire[i] = bytes;
			this.batch[i] = ReduceRequest.parseFrom(bytes);
		}
	}

	/**
	 * {@code WindowStream.onNext} before {@code d07d6b8}: the previous key set, else a
	 * {@code KeySetId} record over the window and the parsed keys list in a
	 * {@code ConcurrentHashMap}.
	 * @param blackhole takes each key set
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void keySetIdConcurrentMap(Blackhole blackhole) {
		for (ReduceRequest request : this.batch) {
			Window window = request.getOperation().getWindows(0);
			List<String> keys = request.getPayload().getKeysList();
			Slot slot = this.last;
			if (slot == null || !slot.isFor(window, keys)) {
				slot = this.concurrent.get(ProtoMapping.keySetId(window, keys));
				this.last = slot;
			}
			blackhole.consume(slot);
		}
	}

	/**
	 * The previous key set, else the stream's window compared field by field and a
	 * transport-thread {@code HashMap} keyed by the parsed keys list.
	 * @param blackhole takes each key set
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void listHashMap(Blackhole blackhole) {
		for (ReduceRequest request : this.batch) {
			Window window = request.getOperation().getWindows(0);
			List<String> keys = request.getPayload().getKeysList();
			Slot slot = this.last;
			if (slot == null || !slot.isFor(window, keys)) {
				slot = ProtoMapping.sameBounds(this.window, window) ? this.byList.get(keys) : null;
				this.last = slot;
			}
			blackhole.consume(slot);
		}
	}

	/**
	 * The lookup on the serialized request: the window's and the keys' raw bytes, no
	 * {@code String} touched. The generated parser still decodes the keys when the datum
	 * is parsed; only a parser that skips them would save that too.
	 * @param blackhole takes each key set
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void rawBytes(Blackhole blackhole) {
		for (byte[] bytes : this.batchWire) {
			blackhole.consume(rawLookup(bytes));
		}
	}

	private @Nullable Slot rawLookup(byte[] bytes) {
		RawKeys raw = RawKeys.scan(bytes);
		if (!java.util.Arrays.equals(this.windowBytes, 0, this.windowBytes.length, bytes, raw.windowFrom,
				raw.windowTo)) {
			return null;
		}
		return this.byBytes.get(bytes, raw.keysFrom, raw.keysTo);
	}

	/** A stand-in for {@code KeySetWorker}: its window and keys. */
	public static final class Slot {

		final Window window;

		final List<String> keys;

		Slot(Window window, List<String> keys) {
			this.window = window;
			this.keys = keys;
		}

		/** {@code KeySetWorker.isFor}. */
		boolean isFor(Window window, List<String> keys) {
			return ProtoMapping.sameBounds(this.window, window) && this.keys.equals(keys);
		}

	}

}
