package dev.numaflow.reducestream;

/**
 * A Numaflow Reduce Stream function: it sees the datums of one key set in one window, in
 * arrival order, and may send results at any time while the window is open, not only when
 * it closes.
 * <p>
 * Each (window, key set) gets its own instance (see {@link ReduceStreamerBean}), so plain
 * fields hold per-key state and need no synchronisation. For one instance, calls are
 * serial and in order: every {@link #onDatum} call, then one {@link #onEndOfInput} call
 * when the platform closes the window; {@link #onTimer} calls, if the key set set a timer
 * ({@link Output#timers()}), fall between them, never after {@code onEndOfInput} has
 * started. Different key sets run concurrently on a bounded pool of threads, so a method
 * must not block for long.
 * <p>
 * If a method throws, the window's stream fails with {@code UDF_EXECUTION_ERROR} and the
 * platform replays it after a restart. If the instance is {@link AutoCloseable} or has a
 * destroy method, Spring calls it once the key set is finished, whether it ended
 * normally, failed or was cancelled. To tell a cancelled key set from a finished one,
 * override {@link #onCancel}.
 */
public interface ReduceStreamer {

	/**
	 * Handle one datum of this key set.
	 * @param datum the datum
	 * @param output where to send results; usable from any thread until
	 * {@link #onEndOfInput} returns
	 * @param metadata the key set and its window
	 * @throws Exception to fail the window's stream
	 */
	void onDatum(Datum datum, Output output, Metadata metadata) throws Exception;

	/**
	 * Called once, after the last datum, when the platform closes the window. Results
	 * sent before this method returns go out before the stream's end; the output is
	 * closed afterwards.
	 * @param output where to send the last results
	 * @param metadata the key set and its window
	 * @throws Exception to fail the window's stream
	 */
	default void onEndOfInput(Output output, Metadata metadata) throws Exception {
	}

	/**
	 * Called when the key set's timer fires ({@link Output#timers()}), in the key set's
	 * order with its other calls (never concurrently with them), only while the window is
	 * open: never once the platform has closed it, nor after {@link #onEndOfInput} has
	 * started. Results sent here obey the same flow control as those sent from
	 * {@link #onDatum}. The default does nothing.
	 * @param output where to send results
	 * @param metadata the key set and its window
	 * @throws Exception to fail the window's stream, as from {@link #onDatum}
	 */
	default void onTimer(Output output, Metadata metadata) throws Exception {
	}

	/**
	 * Called at most once, instead of {@link #onEndOfInput}, when the window's stream
	 * ends before its input does, so nothing more will arrive and nothing sent from now
	 * on goes out: the client cancelled the stream or its deadline expired, the
	 * connection was lost, the server stopped after its grace period, or the stream
	 * failed (another key set's handler threw, or the client sent a malformed request).
	 * The platform replays the window after such an end, so partial state may simply be
	 * dropped.
	 * <p>
	 * It runs after every call this instance has started has returned, and before the
	 * instance is released (its destroy method or {@link AutoCloseable#close()} runs
	 * after it): on a handler thread, except for a key set whose turn was still queued
	 * when the server stopped after its grace period, which is told on the thread
	 * stopping the server. A method still running when the stream ends (its {@code send}
	 * then fails, or a stop interrupts it) is told too, once it returns or throws. It is
	 * not called for the key set whose own method threw and thereby failed the stream,
	 * nor after {@link #onEndOfInput} has run. An exception thrown here is logged and
	 * otherwise ignored. The default does nothing.
	 * @param metadata the key set and its window
	 * @throws Exception logged, never rethrown
	 */
	default void onCancel(Metadata metadata) throws Exception {
	}

	/**
	 * A streamer made of two functions: the function form, handy in a {@code @Bean}
	 * method whose local variables hold the state of one key set.
	 * @param onDatum called for each datum
	 * @param onEndOfInput called once when the window's input ends
	 * @return a streamer calling the functions
	 */
	static ReduceStreamer of(DatumHandler onDatum, EndOfInputHandler onEndOfInput) {
		return new ReduceStreamer() {

			@Override
			public void onDatum(Datum datum, Output output, Metadata metadata) throws Exception {
				onDatum.handle(datum, output, metadata);
			}

			@Override
			public void onEndOfInput(Output output, Metadata metadata) throws Exception {
				onEndOfInput.handle(output, metadata);
			}

		};
	}

	/**
	 * A streamer made of three functions: the function form with a timer
	 * ({@link Output#timers()}).
	 * @param onDatum called for each datum
	 * @param onEndOfInput called once when the window's input ends
	 * @param onTimer called when the key set's timer fires
	 * @return a streamer calling the functions
	 */
	static ReduceStreamer of(DatumHandler onDatum, EndOfInputHandler onEndOfInput, TimerHandler onTimer) {
		return new ReduceStreamer() {

			@Override
			public void onDatum(Datum datum, Output output, Metadata metadata) throws Exception {
				onDatum.handle(datum, output, metadata);
			}

			@Override
			public void onEndOfInput(Output output, Metadata metadata) throws Exception {
				onEndOfInput.handle(output, metadata);
			}

			@Override
			public void onTimer(Output output, Metadata metadata) throws Exception {
				onTimer.handle(output, metadata);
			}

		};
	}

	/**
	 * The per-datum half of a streamer in function form.
	 */
	@FunctionalInterface
	interface DatumHandler {

		/**
		 * Handle one datum.
		 * @param datum the datum
		 * @param output where to send results
		 * @param metadata the key set and its window
		 * @throws Exception to fail the window's stream
		 */
		void handle(Datum datum, Output output, Metadata metadata) throws Exception;

	}

	/**
	 * The end-of-input half of a streamer in function form.
	 */
	@FunctionalInterface
	interface EndOfInputHandler {

		/**
		 * Handle the end of the window's input.
		 * @param output where to send the last results
		 * @param metadata the key set and its window
		 * @throws Exception to fail the window's stream
		 */
		void handle(Output output, Metadata metadata) throws Exception;

	}

	/**
	 * The timer part of a streamer in function form.
	 */
	@FunctionalInterface
	interface TimerHandler {

		/**
		 * Handle a firing of the key set's timer.
		 * @param output where to send results
		 * @param metadata the key set and its window
		 * @throws Exception to fail the window's stream
		 */
		void handle(Output output, Metadata metadata) throws Exception;

	}

}
