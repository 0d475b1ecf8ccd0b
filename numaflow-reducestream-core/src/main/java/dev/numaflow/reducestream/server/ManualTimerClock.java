package dev.numaflow.reducestream.server;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A timer clock that moves only when told, for tests: give it to the server (or use the
 * test kit, which does) and call {@link #advance(Duration)} to fire the timers that fall
 * due, without waiting. Thread-safe.
 */
public final class ManualTimerClock extends TimerClock {

	private volatile long now;

	private final AtomicInteger pending = new AtomicInteger();

	private final Object handled = new Object();

	/** A clock at time zero with no timer. */
	public ManualTimerClock() {
	}

	@Override
	long nanoTime() {
		return this.now;
	}

	/**
	 * How far the clock has been moved.
	 * @return the time since it was made
	 */
	public Duration elapsed() {
		return Duration.ofNanos(this.now);
	}

	/**
	 * Move the clock forward and fire every timer that falls due by then, once each: a
	 * repeating timer that would have fired several times in that span fires once, then
	 * goes on one interval after the new time. The firings are handed to their key sets'
	 * turns (on the handler pool, or on the transport thread with
	 * {@link StreamerThreads#TRANSPORT}); this method does not wait for them (see
	 * {@link #awaitFiringsHandled(Duration)}).
	 * @param duration how far, not negative
	 * @return how many key sets got a firing
	 */
	public synchronized int advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("A clock cannot go back: advance(" + duration + ")");
		}
		long target = this.now + duration.toNanos();
		this.now = target;
		int fired = 0;
		while (true) {
			TimerEntry entry;
			synchronized (monitor()) {
				entry = pollDue(target);
			}
			if (entry == null) {
				return fired;
			}
			if (fire(entry, target)) {
				fired++;
			}
		}
	}

	/**
	 * How long until the earliest timer is due.
	 * @return the time until it, zero if it is due, or {@code null} if no timer is set
	 */
	public @Nullable Duration untilNextTimer() {
		long next;
		synchronized (monitor()) {
			next = nextDue();
		}
		return (next == Long.MAX_VALUE) ? null : Duration.ofNanos(Math.max(0, next - this.now));
	}

	/**
	 * The firings handed to key sets whose {@code onTimer} has not yet returned (or that
	 * have not yet been dropped, as they are when the window has closed).
	 * @return how many
	 */
	public int pendingFirings() {
		return this.pending.get();
	}

	/**
	 * Wait until every firing handed out has been handled.
	 * @param timeout how long to wait at most
	 * @return whether they have all been handled
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitFiringsHandled(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.handled) {
			while (this.pending.get() > 0) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.handled, remaining);
			}
		}
		return true;
	}

	@Override
	void firingStarted() {
		this.pending.incrementAndGet();
	}

	@Override
	void firingHandled() {
		if (this.pending.decrementAndGet() == 0) {
			synchronized (this.handled) {
				this.handled.notifyAll();
			}
		}
	}

}
