package dev.numaflow.reducestream.server;

import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Metadata;

/**
 * Traces key sets: one span per (window, key set), from its first datum to its end, that
 * is the current span during every call into the key set's streamer. Called by whoever
 * holds the key set's turn, so one key set's span is never used by two threads at once.
 * <p>
 * A tracing that throws (any {@link Throwable}) never fails a key set or its stream: the
 * server logs it (at WARN once, then at DEBUG) and traces that key set no further. With
 * {@link #NONE} (the default) the server does no tracing work at all.
 */
public interface ReduceStreamTracing {

	/** No tracing: the server skips every tracing call. */
	ReduceStreamTracing NONE = (metadata) -> KeySetSpan.NONE;

	/**
	 * A key set's first datum is about to be handled: start its span.
	 * @param metadata the key set's window and keys
	 * @return the span
	 */
	KeySetSpan start(Metadata metadata);

	/** How a key set ended. */
	enum Outcome {

		/** Its input ended and its streamer's {@code onEndOfInput} returned. */
		COMPLETED,

		/**
		 * Its stream ended (cancelled, failed elsewhere, or the server stopped) first.
		 */
		CANCELLED,

		/** Its streamer threw. */
		FAILED

	}

	/** One key set's span. */
	interface KeySetSpan {

		/** A span that does nothing. */
		KeySetSpan NONE = new KeySetSpan() {
		};

		/**
		 * A datum of the key set is about to be handled: link its trace context, if any.
		 * @param datum the datum
		 */
		default void datum(Datum datum) {
		}

		/**
		 * Make the span current on this thread for the key set's turn: one or more calls
		 * into its streamer in a row, after which the scope is closed, before the thread
		 * serves another key set.
		 * @return the scope to close when the turn ends
		 */
		default Scope makeCurrent() {
			return Scope.NONE;
		}

		/**
		 * The key set has ended: end the span. Called once, before the stream's EOF is
		 * sent.
		 * @param outcome how the key set ended
		 * @param datums how many datums it handled
		 * @param results how many results it sent
		 * @param failure what its streamer threw, for {@link Outcome#FAILED}
		 */
		default void end(Outcome outcome, long datums, long results, @Nullable Throwable failure) {
		}

	}

	/** A span made current for one turn of its key set. */
	interface Scope extends AutoCloseable {

		/** A scope that does nothing. */
		Scope NONE = () -> {
		};

		/** Restore the span that was current before. */
		@Override
		void close();

	}

}
