package dev.numaflow.reducestream.server;

import java.util.EnumSet;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener that counts every call and throws from the callbacks a test names, after
 * counting the call: a broken metrics bean, as a user might write one.
 */
class FaultyListener implements ReduceStreamListener {

	/** The listener's callbacks. */
	enum Callback {

		STREAM_OPENED, STREAM_CLOSED, KEY_SET_OPENED, KEY_SET_CLOSED, DATUM_RECEIVED, HANDLER_COMPLETED, TIMES_HANDLERS,
		RESULT_SENT, ERROR

	}

	private final Set<Callback> throwing;

	private final Supplier<? extends Throwable> failure;

	/** How many times each callback, outcome and error kind was seen. */
	private final Map<Enum<?>, AtomicInteger> counts = new ConcurrentHashMap<>();

	/** A listener that counts and never throws. */
	FaultyListener() {
		this(EnumSet.noneOf(Callback.class), () -> new IllegalStateException("unused"));
	}

	/** A listener that throws a RuntimeException from the given callbacks. */
	FaultyListener(Set<Callback> throwing) {
		this(throwing, () -> new IllegalStateException("a broken listener"));
	}

	/** A listener that throws what {@code failure} gives from the given callbacks. */
	FaultyListener(Set<Callback> throwing, Supplier<? extends Throwable> failure) {
		this.throwing = Set.copyOf(throwing);
		this.failure = failure;
	}

	int calls(Callback callback) {
		return count(callback);
	}

	int streamsClosed(Outcome outcome) {
		return count(outcome);
	}

	int errors(ErrorKind kind) {
		return count(kind);
	}

	/** Every opened stream and key set has been closed, once. */
	void assertAllClosed() {
		assertThat(calls(Callback.STREAM_CLOSED))
			.as("streamClosed calls, for %d streamOpened", calls(Callback.STREAM_OPENED))
			.isEqualTo(calls(Callback.STREAM_OPENED));
		assertThat(calls(Callback.KEY_SET_CLOSED))
			.as("keySetClosed calls, for %d keySetOpened", calls(Callback.KEY_SET_OPENED))
			.isEqualTo(calls(Callback.KEY_SET_OPENED));
	}

	private int count(Enum<?> key) {
		AtomicInteger count = this.counts.get(key);
		return (count != null) ? count.get() : 0;
	}

	private void increment(Enum<?> key) {
		this.counts.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
	}

	private void called(Callback callback) {
		increment(callback);
		if (this.throwing.contains(callback)) {
			Throwable thrown = this.failure.get();
			if (thrown instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (thrown instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(thrown);
		}
	}

	@Override
	public void streamOpened() {
		called(Callback.STREAM_OPENED);
	}

	@Override
	public void streamClosed(Outcome outcome) {
		increment(outcome);
		called(Callback.STREAM_CLOSED);
	}

	@Override
	public void keySetOpened() {
		called(Callback.KEY_SET_OPENED);
	}

	@Override
	public void keySetClosed() {
		called(Callback.KEY_SET_CLOSED);
	}

	@Override
	public void datumReceived(long watermarkMillis) {
		called(Callback.DATUM_RECEIVED);
	}

	@Override
	public void handlerCompleted(long nanos) {
		called(Callback.HANDLER_COMPLETED);
	}

	@Override
	public boolean timesHandlers() {
		called(Callback.TIMES_HANDLERS);
		return true;
	}

	@Override
	public void resultSent() {
		called(Callback.RESULT_SENT);
	}

	@Override
	public void error(ErrorKind kind) {
		increment(kind);
		called(Callback.ERROR);
	}

}
