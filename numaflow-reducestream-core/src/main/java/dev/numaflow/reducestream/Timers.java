package dev.numaflow.reducestream;

import java.time.Duration;

/**
 * The processing-time timer of one key set, from {@link Output#timers()}: when it fires,
 * the key set's {@link ReduceStreamer#onTimer} is called, so that a key set can send
 * results while its window is open even when no datum arrives.
 * <p>
 * A key set has at most one timer: {@link #every} and {@link #after} replace the one set
 * before, except that {@code every} with the interval already set changes nothing. The
 * timer runs on the server's clock (wall time, not event time or watermarks), costs no
 * thread (one scheduler serves every key set of the server) and dies with its key set:
 * when its input ends, or its stream fails or is cancelled, or the server stops. A firing
 * is a turn of the key set like a datum: {@code onTimer} is never called concurrently
 * with its other methods, waits like a datum while the platform is slow to read results,
 * and is not called once the window has closed. Firings that fall due while the previous
 * one has not yet been handled are merged into one call.
 * <p>
 * Safe to call from any thread. Calls after the key set has finished do nothing.
 */
public interface Timers {

	/**
	 * Fire every {@code interval} from now on, until cancelled or replaced. Calling it
	 * again with the same interval changes nothing (the timer keeps its phase); another
	 * interval replaces the timer, and the first firing is one interval from now.
	 * @param interval the time between firings, from 1 ms to 365 days
	 * @throws IllegalArgumentException if the interval is shorter than 1 ms or longer
	 * than 365 days
	 */
	void every(Duration interval);

	/**
	 * Fire once, {@code delay} from now, replacing any timer set before.
	 * @param delay the time until the firing, from 1 ms to 365 days
	 * @throws IllegalArgumentException if the delay is shorter than 1 ms or longer than
	 * 365 days
	 */
	void after(Duration delay);

	/**
	 * Cancel the timer; a firing already due but not yet handled is dropped too. Does
	 * nothing if no timer is set.
	 */
	void cancel();

}
