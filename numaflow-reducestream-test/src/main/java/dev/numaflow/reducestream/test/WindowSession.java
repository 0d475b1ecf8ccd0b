package dev.numaflow.reducestream.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.numaflow.reducestream.IntervalWindow;

/**
 * One open window: one stream to the server. The first datum goes as {@code OPEN}, the
 * rest as {@code APPEND}; {@link #endWindow()} half-closes the stream as the platform
 * does when the watermark passes the window's end. Not thread-safe: one test thread
 * drives it.
 */
public interface WindowSession extends AutoCloseable {

	/**
	 * The window of this session.
	 * @return the window
	 */
	IntervalWindow window();

	/**
	 * Send a datum with keys {@code [key]}, a UTF-8 value and the window's start as event
	 * time.
	 * @param key the key
	 * @param value the value
	 * @return this session
	 */
	default WindowSession send(String key, String value) {
		return send(TestDatum.of(List.of(key), value));
	}

	/**
	 * Send a datum with keys, a UTF-8 value and an event time.
	 * @param keys the keys
	 * @param value the value
	 * @param eventTime the event time
	 * @return this session
	 */
	default WindowSession send(List<String> keys, String value, Instant eventTime) {
		return send(TestDatum.builder()
			.keys(keys)
			.value(value.getBytes(StandardCharsets.UTF_8))
			.eventTime(eventTime)
			.build());
	}

	/**
	 * Send a datum with keys {@code [key]} whose payload is the value encoded by the
	 * application's codec (its Jackson {@code JsonMapper}), as the platform would carry
	 * it, and the window's start as event time.
	 * @param key the key
	 * @param value the value
	 * @return this session
	 */
	default WindowSession sendValue(String key, Object value) {
		return send(TestDatum.ofValue(List.of(key), value));
	}

	/**
	 * Send a datum.
	 * @param datum the datum; its unset event time is the window's start, its unset
	 * watermark the session's current one
	 * @return this session
	 */
	WindowSession send(TestDatum datum);

	/**
	 * Set the watermark carried by the datums sent after this call that set none.
	 * @param watermark the watermark
	 * @return this session
	 */
	WindowSession watermark(Instant watermark);

	/**
	 * Move the clock of the streamers' timers forward, as
	 * {@link ReduceStreamTester#advanceTime(Duration)} does (for every open window).
	 * @param duration how far, not negative
	 * @return this session
	 */
	WindowSession advanceTime(Duration duration);

	/**
	 * The results produced while the window is open so far: waits (bounded) until the
	 * server has handled every datum sent and this client holds every result produced.
	 * @return the results so far, in arrival order, all {@link Phase#WHILE_OPEN}
	 * @throws AssertionError if the stream failed or the wait timed out
	 */
	List<Result> resultsSoFar();

	/**
	 * The values of the results produced while the window is open so far, decoded by the
	 * application's codec; waits as {@link #resultsSoFar()} does.
	 * @param <T> the type
	 * @param type the class to decode every result into
	 * @return the values so far, in arrival order
	 * @throws AssertionError if the stream failed or the wait timed out
	 * @throws dev.numaflow.reducestream.codec.PayloadDecodingException if a result does
	 * not decode
	 */
	<T> List<T> resultsSoFar(Class<T> type);

	/**
	 * Close the window: wait as {@link #resultsSoFar()} does, half-close the stream, wait
	 * (bounded) for its single end-of-stream response and return every result.
	 * @return the window's results
	 * @throws AssertionError if the stream failed, timed out, or did not end with exactly
	 * one end-of-stream response
	 */
	WindowResults endWindow();

	/**
	 * Cancel the stream, as the platform does when it shuts down, unless the window has
	 * ended. Idempotent.
	 */
	void cancel();

	/**
	 * Cancels the stream if the window has not been ended; see {@link #cancel()}.
	 */
	@Override
	default void close() {
		cancel();
	}

}
