package dev.numaflow.reducestream.test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.server.ManualTimerClock;

/**
 * The clock of the streamers' timers in a {@link ReduceStreamTest}: it moves only when a
 * test says so, one due time after the other, and waits for the timer calls of each
 * before moving on, so that a repeating timer fires once per interval however far the
 * clock moves.
 */
final class TestTimers {

	private final ManualTimerClock clock;

	private final Duration timeout;

	/** The sessions not yet ended. */
	private final Set<DefaultWindowSession> sessions = ConcurrentHashMap.newKeySet();

	TestTimers(ManualTimerClock clock, Duration timeout) {
		this.clock = clock;
		this.timeout = timeout;
	}

	void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("Time cannot go back: advanceTime(" + duration + ")");
		}
		for (DefaultWindowSession session : this.sessions) {
			// The timers a datum sets are set on the clock's time when it is handled.
			session.settle();
		}
		Duration remaining = duration;
		while (true) {
			Duration next = this.clock.untilNextTimer();
			if (next == null || next.compareTo(remaining) > 0) {
				break;
			}
			this.clock.advance(next);
			remaining = remaining.minus(next);
			awaitHandled();
		}
		this.clock.advance(remaining);
	}

	void opened(DefaultWindowSession session) {
		this.sessions.add(session);
	}

	void closed(DefaultWindowSession session) {
		this.sessions.remove(session);
	}

	private void awaitHandled() {
		boolean handled;
		try {
			handled = this.clock.awaitFiringsHandled(this.timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting for the streamers' timer calls", ex);
		}
		if (!handled) {
			throw new AssertionError(describe() + ": " + this.clock.pendingFirings()
					+ " timer calls had not returned within " + this.timeout);
		}
	}

	private String describe() {
		@Nullable Duration next = this.clock.untilNextTimer();
		return "at " + this.clock.elapsed() + " of test time" + ((next != null) ? " (next timer in " + next + ")" : "");
	}

}
