package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.channel.EventLoopGroup;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.codec.PayloadCodecs;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * One {@link WindowStream} on a {@link FakeCall} and a {@link ControllableExecutor}, as
 * the service builds it, with a factory and a listener that record what happens. The
 * streamers' code is the test's ({@link #onDatum}, {@link #onEndOfInput}); each key set
 * is kept here from its first turn on, since the stream lets go of its key sets when it
 * ends.
 */
final class StreamHarness {

	static final Window WINDOW = ReduceClient.window(60_000, 120_000);

	final ControllableExecutor executor = new ControllableExecutor();

	final FakeCall call = new FakeCall();

	/** The timers' clock: moved by the test. */
	final ManualTimerClock clock = new ManualTimerClock();

	/** Factory, streamer and listener events, in order. */
	final List<String> events = new ArrayList<>();

	/** What the server's failure policy was given. */
	final List<Throwable> handlerFailures = new ArrayList<>();

	final StreamContext context;

	final WindowStream stream;

	private final Map<List<String>, KeySet> keySets = new LinkedHashMap<>();

	private ReduceStreamer.DatumHandler onDatum = (datum, output, metadata) -> {
	};

	private ReduceStreamer.EndOfInputHandler onEndOfInput = (output, metadata) -> {
	};

	private ReduceStreamer.TimerHandler onTimer = (output, metadata) -> {
	};

	StreamHarness() {
		this(2, 64, 64);
	}

	StreamHarness(int handlerThreads, int maxPendingDatums, int maxPendingResults) {
		this(handlerThreads, maxPendingDatums, maxPendingResults, null);
	}

	/**
	 * A stream whose request callbacks run on a loop of {@code transport}: made on that
	 * loop, and called there too.
	 */
	StreamHarness(int handlerThreads, int maxPendingDatums, int maxPendingResults, @Nullable EventLoopGroup transport) {
		ReduceStreamServerSettings settings = TestServers.settings(Path.of("/tmp/unit-tests"), handlerThreads,
				maxPendingDatums, maxPendingResults);
		this.context = new StreamContext(this.executor, transport, new RecordingFactory(), PayloadCodecs.defaultCodec(),
				settings, new RecordingListener(), this.handlerFailures::add, this.clock);
		this.stream = new WindowStream(this.context, this.call);
		this.context.streamStarted();
		this.stream.start();
	}

	/** The streamers' datum handler. */
	StreamHarness onDatum(ReduceStreamer.DatumHandler handler) {
		this.onDatum = handler;
		return this;
	}

	/** The streamers' end-of-input handler. */
	StreamHarness onEndOfInput(ReduceStreamer.EndOfInputHandler handler) {
		this.onEndOfInput = handler;
		return this;
	}

	/** The streamers' timer handler. */
	StreamHarness onTimer(ReduceStreamer.TimerHandler handler) {
		this.onTimer = handler;
		return this;
	}

	/** Streamers that send each datum's value back as a result. */
	StreamHarness echo() {
		return onDatum((datum, output, metadata) -> output.send(Message.of(datum.valueAsString(), metadata.keys())));
	}

	/** A datum of {@link #WINDOW} for a key, through the request callback. */
	void append(String key, String value) {
		append(WINDOW, key, value);
	}

	void append(Window window, String key, String value) {
		this.stream.onNext(ReduceClient.append(window, List.of(key), value));
	}

	void request(ReduceRequest request) {
		this.stream.onNext(request);
	}

	/** The client's half-close. */
	void halfClose() {
		this.stream.onCompleted();
	}

	/** The key set of a key, kept from its first datum's turn. */
	KeySet keySet(String key) {
		KeySet keySet = this.keySets.get(List.of(key));
		if (keySet == null) {
			throw new IllegalStateException("Key set " + key + " has not had a turn");
		}
		return keySet;
	}

	/** Every key set that has had a turn, in order of their first. */
	List<KeySet> keySets() {
		return List.copyOf(this.keySets.values());
	}

	/** A key set of {@link #WINDOW} on this stream that its table does not know. */
	KeySet newKeySet(String key) {
		return new KeySet(this.stream, new Metadata(List.of(key), ProtoMapping.intervalWindow(WINDOW)), WINDOW);
	}

	/** A datum for a key set made by {@link #newKeySet}. */
	static Datum datum(KeySet keySet, String value) {
		return new ProtoDatum(ReduceClient.append(WINDOW, keySet.metadata().keys(), value).getPayload(),
				keySet.metadata().keys(), PayloadCodecs.defaultCodec());
	}

	/** How often an event was recorded. */
	long count(String event) {
		return this.events.stream().filter(event::equals).count();
	}

	private void seen(Output output, Metadata metadata) {
		this.keySets.putIfAbsent(metadata.keys(), (KeySet) output);
	}

	private final class RecordingFactory implements ReduceStreamerFactory {

		@Override
		public ReduceStreamer create(Metadata metadata) {
			StreamHarness.this.events.add("create:" + metadata.keys());
			return new ReduceStreamer() {

				@Override
				public void onDatum(Datum datum, Output output, Metadata md) throws Exception {
					seen(output, md);
					StreamHarness.this.onDatum.handle(datum, output, md);
				}

				@Override
				public void onEndOfInput(Output output, Metadata md) throws Exception {
					seen(output, md);
					StreamHarness.this.onEndOfInput.handle(output, md);
				}

				@Override
				public void onTimer(Output output, Metadata md) throws Exception {
					StreamHarness.this.events.add("timer:" + md.keys());
					StreamHarness.this.onTimer.handle(output, md);
				}

				@Override
				public void onCancel(Metadata md) {
					StreamHarness.this.events.add("cancel:" + md.keys());
				}

				@Override
				public String toString() {
					return "streamer" + metadata.keys();
				}

			};
		}

		@Override
		public void release(ReduceStreamer streamer) {
			StreamHarness.this.events.add("release:" + streamer.toString().substring("streamer".length()));
		}

	}

	private final class RecordingListener implements ReduceStreamListener {

		@Override
		public void streamClosed(Outcome outcome) {
			StreamHarness.this.events.add("streamClosed:" + outcome);
		}

		@Override
		public void keySetClosed() {
			StreamHarness.this.events.add("keySetClosed");
		}

		@Override
		public void error(ErrorKind kind) {
			StreamHarness.this.events.add("error:" + kind);
		}

	}

}
