package dev.numaflow.reducestream.server;

import java.util.List;

/**
 * Told what the server does, for metrics and diagnostics. Called on transport and handler
 * threads, on the hot path: implementations must be cheap and thread-safe. Every method
 * has an empty default.
 * <p>
 * A listener should not throw. If one does (any {@link Throwable}), the server logs it at
 * WARN with the listener's class, at most once per listener per minute (then at DEBUG),
 * and goes on: the stream is not failed, delayed or reported differently, the failure is
 * not counted as the user's {@code UDF_EXECUTION_ERROR}, the fail-fast policy is neither
 * triggered nor suppressed by it, and the other listeners are still told.
 */
public interface ReduceStreamListener {

	/** A listener that does nothing. */
	ReduceStreamListener NONE = new ReduceStreamListener() {
	};

	/**
	 * Several listeners as one: each is told in order, behind its own fault boundary.
	 * @param listeners the listeners
	 * @return one listener that tells them all, or {@link #NONE} if there are none
	 */
	static ReduceStreamListener composite(List<? extends ReduceStreamListener> listeners) {
		return GuardedListener.of(listeners);
	}

	/** How a stream ended. */
	enum Outcome {

		/** The window closed and every result and the EOF were sent. */
		OK,

		/** User code threw, a request was malformed, or the server failed. */
		ERROR,

		/** The client cancelled, or the server stopped before the stream ended. */
		CANCELLED

	}

	/** Why a stream failed. */
	enum ErrorKind {

		/** User code threw. */
		HANDLER,

		/** A request broke the protocol. */
		PROTOCOL,

		/**
		 * The server itself failed: a response could not be written, or a fault outside
		 * the user's code (a defect, or an error of the JVM) ended the stream.
		 */
		RUNTIME

	}

	/** A stream (window) began. */
	default void streamOpened() {
	}

	/**
	 * A stream ended; called once per opened stream.
	 * @param outcome how it ended
	 */
	default void streamClosed(Outcome outcome) {
	}

	/** A key set of a stream appeared. */
	default void keySetOpened() {
	}

	/** A key set finished, failed or was released; called once per opened key set. */
	default void keySetClosed() {
	}

	/** Passed to {@link #datumReceived(long)} when a datum carries no watermark. */
	long NO_WATERMARK = Long.MIN_VALUE;

	/**
	 * A datum arrived.
	 * @param watermarkMillis its watermark in milliseconds since the epoch, or
	 * {@link #NO_WATERMARK}
	 */
	default void datumReceived(long watermarkMillis) {
	}

	/**
	 * User code handled a datum or the end of a key set's input.
	 * @param nanos how long it took
	 */
	default void handlerCompleted(long nanos) {
	}

	/**
	 * Whether this listener wants {@link #handlerCompleted(long)}: timing user code costs
	 * a clock read per call, which the server skips while no listener wants it. Asked at
	 * the start of every turn of a key set, so the answer may change (for instance once
	 * meters are bound to a registry).
	 * @return {@code true} unless the listener ignores the times
	 */
	default boolean timesHandlers() {
		return true;
	}

	/** User code sent a result (EOF responses are not results). */
	default void resultSent() {
	}

	/**
	 * A stream failed.
	 * @param kind why
	 */
	default void error(ErrorKind kind) {
	}

	/**
	 * A key set's turn has held a transport thread for more than a second (or for half a
	 * second to a second, if the watch looked at the right moments), with
	 * {@link StreamerThreads#TRANSPORT}: while it runs, no stream of that thread's
	 * connections is read or written. Called once per such turn, on the server's
	 * diagnostics thread.
	 */
	default void transportThreadHeld() {
	}

}
