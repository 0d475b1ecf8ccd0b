package dev.numaflow.reducestream.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.Timers;

/**
 * The timer of one key set, made on its first use. Setting and cancelling it are the
 * user's (any thread) and its firing is the clock's, under this object's monitor; what a
 * firing leaves for the key set is one bit, {@link #isDue()}, which the key set's turn
 * takes as it would a datum, so the streamer's calls stay serial.
 */
final class KeySetTimer implements Timers {

	/** Shorter repeats would keep the clock's thread busy for nothing. */
	static final Duration MIN_INTERVAL = Duration.ofMillis(1);

	/** Longer than any window, and far from the overflow of a nanosecond count. */
	static final Duration MAX_INTERVAL = Duration.ofDays(365);

	private static final AtomicIntegerFieldUpdater<KeySetTimer> DUE = AtomicIntegerFieldUpdater
		.newUpdater(KeySetTimer.class, "due");

	private final KeySet keySet;

	private final TimerClock clock;

	/** 1 while a firing waits for the key set's turn. */
	private volatile int due;

	private @Nullable TimerEntry current;

	/** The repeat interval in nanoseconds, or 0 for a timer that fires once. */
	private long interval;

	private boolean closed;

	KeySetTimer(KeySet keySet, TimerClock clock) {
		this.keySet = keySet;
		this.clock = clock;
	}

	@Override
	public void every(Duration interval) {
		long nanos = nanos("every", interval);
		synchronized (this) {
			if (this.closed || (this.current != null && this.interval == nanos)) {
				return;
			}
			replace(nanos, nanos);
		}
	}

	@Override
	public void after(Duration delay) {
		long nanos = nanos("after", delay);
		synchronized (this) {
			if (!this.closed) {
				replace(nanos, 0);
			}
		}
	}

	@Override
	public void cancel() {
		synchronized (this) {
			letGo();
		}
		dropDue();
	}

	/** The key set has finished: the timer never fires again. Any thread. */
	void close() {
		synchronized (this) {
			this.closed = true;
			letGo();
		}
		dropDue();
	}

	/** Whether a firing waits for the key set's turn. */
	boolean isDue() {
		return this.due != 0;
	}

	/**
	 * Take the waiting firing; the caller tells {@link #handled()} once it has run or
	 * dropped it.
	 * @return whether there was one
	 */
	boolean take() {
		return DUE.compareAndSet(this, 1, 0);
	}

	/** A firing taken by the key set's turn has been called or dropped. */
	void handled() {
		this.clock.firingHandled();
	}

	/**
	 * The clock took this timer's entry as due: queue the next one if it repeats, and
	 * give the key set a turn unless a firing is already waiting for one.
	 * @return whether the key set got a firing
	 */
	boolean fire(TimerEntry entry, long now) {
		synchronized (this) {
			if (this.closed || this.current != entry) {
				return false;
			}
			if (this.interval > 0) {
				long next = entry.due + this.interval;
				// Late (the clock's thread was held up, or a manual clock jumped): the
				// missed firings merge into this one.
				entry.due = (next - now > 0) ? next : now + this.interval;
				this.clock.schedule(entry);
			}
			else {
				this.current = null;
				entry.owner = null;
			}
			// Under the monitor: a cancel() or close() that follows drops this firing.
			this.clock.firingStarted();
			if (!DUE.compareAndSet(this, 0, 1)) {
				this.clock.firingHandled();
				return false;
			}
		}
		this.keySet.timerFired();
		return true;
	}

	/** Under the monitor. */
	private void replace(long delay, long interval) {
		letGo();
		// A firing of the timer replaced is not the new one's (fire() sets the bit under
		// the monitor, so none can slip in between).
		dropDue();
		TimerEntry entry = new TimerEntry(this, this.clock.nanoTime() + delay);
		this.current = entry;
		this.interval = interval;
		this.clock.schedule(entry);
	}

	/** Under the monitor. */
	private void letGo() {
		TimerEntry entry = this.current;
		if (entry != null) {
			this.current = null;
			entry.owner = null;
			this.clock.letGo();
		}
	}

	private void dropDue() {
		if (take()) {
			handled();
		}
	}

	private static long nanos(String method, Duration duration) {
		if (duration.compareTo(MIN_INTERVAL) < 0 || duration.compareTo(MAX_INTERVAL) > 0) {
			throw new IllegalArgumentException(
					"timers()." + method + "(" + duration + "): the duration must be at least "
							+ MIN_INTERVAL.toMillis() + " ms and at most " + MAX_INTERVAL.toDays() + " days");
		}
		return duration.toNanos();
	}

}
