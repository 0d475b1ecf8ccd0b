package dev.numaflow.reducestream.test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.codec.PayloadCodec;

/**
 * The {@link ReduceStreamTester} of a {@link ReduceStreamTest}: each window is a stream
 * on the client of the chosen transport.
 */
final class DefaultReduceStreamTester implements ReduceStreamTester {

	private final Transport transport;

	private final Supplier<ReduceStreamClient> client;

	private final StreamActivity activity;

	private final Duration timeout;

	private final TestTimers timers;

	private final PayloadCodec codec;

	private final Supplier<@Nullable Path> criticalErrors;

	DefaultReduceStreamTester(Transport transport, Supplier<ReduceStreamClient> client, StreamActivity activity,
			Duration timeout, TestTimers timers, PayloadCodec codec, Supplier<@Nullable Path> criticalErrors) {
		this.timers = timers;
		this.codec = codec;
		this.transport = transport;
		this.client = client;
		this.activity = activity;
		this.timeout = timeout;
		this.criticalErrors = criticalErrors;
	}

	@Override
	public List<PersistedCriticalError> persistedCriticalErrors() {
		Path directory = this.criticalErrors.get();
		return (directory != null) ? PersistedCriticalError.readAll(directory) : List.of();
	}

	@Override
	public WindowSession openWindow(Instant start, Instant end) {
		IntervalWindow window = new IntervalWindow(start, end);
		ReduceStreamClient client = this.client.get();
		StreamActivity.Counts counts = this.activity.begin(window);
		try {
			WindowCall call = client.open(window, (result) -> counts.changed());
			call.whenEnded(counts::changed);
			return new DefaultWindowSession(call, this.activity, counts, this.timeout, this.timers, this.codec);
		}
		catch (RuntimeException ex) {
			this.activity.end(window, counts);
			throw ex;
		}
	}

	@Override
	public void advanceTime(Duration duration) {
		this.timers.advance(duration);
	}

	@Override
	public Transport transport() {
		return this.transport;
	}

}
