package dev.numaflow.reducestream.server;

/**
 * Told what the server does, for metrics and diagnostics. Called on transport and handler
 * threads, on the hot path: implementations must be cheap, thread-safe and must not
 * throw. Every method has an empty default.
 */
public interface ReduceStreamListener {

	/** A listener that does nothing. */
	ReduceStreamListener NONE = new ReduceStreamListener() {
	};

	/** How a stream ended. */
	enum Outcome {

		/** The window closed and every result and the EOF were sent. */
		OK,

		/** User code threw, or a request was malformed. */
		ERROR,

		/** The client cancelled, or the server stopped before the stream ended. */
		CANCELLED

	}

	/** Why a stream failed. */
	enum ErrorKind {

		/** User code threw. */
		HANDLER,

		/** A request broke the protocol. */
		PROTOCOL

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

	/** User code sent a result (EOF responses are not results). */
	default void resultSent() {
	}

	/**
	 * A stream failed.
	 * @param kind why
	 */
	default void error(ErrorKind kind) {
	}

}
