package dev.numaflow.reducestream.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Drives the application's reduce streamer the way the platform does: one stream per
 * window. Injected into a {@link ReduceStreamTest} class.
 */
public interface ReduceStreamTester {

	/**
	 * Open a window: starts its stream. Only one session per window may be open at a
	 * time.
	 * @param start the window's start (inclusive)
	 * @param end the window's end (exclusive)
	 * @return the session; close it, or end the window with
	 * {@link WindowSession#endWindow()}
	 */
	WindowSession openWindow(Instant start, Instant end);

	/**
	 * Open a window of the given length.
	 * @param start the window's start (inclusive)
	 * @param length the window's length
	 * @return the session
	 */
	default WindowSession openWindow(Instant start, Duration length) {
		return openWindow(start, start.plus(length));
	}

	/**
	 * The critical errors the application has persisted for the platform's Errors tab,
	 * read back as the platform reads them. A {@link ReduceStreamTest} puts them in a
	 * temporary directory. The application persists at most one, and Spring's test
	 * context is shared by test classes with the same configuration: a test that checks
	 * its entry should have a context of its own (for example distinct
	 * {@code properties}, or {@code @DirtiesContext}).
	 * @return the entries, oldest first; empty if there are none
	 */
	List<PersistedCriticalError> persistedCriticalErrors();

	/**
	 * Move the clock of the streamers' timers ({@code Output.timers()}) forward, firing
	 * each timer as it falls due on the way: a timer repeating every 5 s fires twice in
	 * 12 s. In a {@link ReduceStreamTest} that clock moves only this way, for every open
	 * window. Returns once the {@code onTimer} calls have returned; their results are
	 * then in {@link WindowSession#resultsSoFar()}.
	 * @param duration how far, not negative
	 * @throws AssertionError if the timer calls do not return within the test timeout
	 */
	void advanceTime(Duration duration);

	/**
	 * How this tester reaches the server.
	 * @return the transport
	 */
	Transport transport();

}
