package dev.numaflow.reducestream.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's own timer clock, on {@link System#nanoTime()}: one daemon thread,
 * {@code reducestream-timers}, that sleeps until the earliest timer is due. It starts
 * with the first timer and ends after a minute with none, so a server whose streamers set
 * no timer has no such thread.
 */
final class SystemTimerClock extends TimerClock {

	private static final Logger logger = LoggerFactory.getLogger(SystemTimerClock.class);

	private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

	/** At most this many firings are taken out per pass, so that new entries get in. */
	private static final int BATCH = 1024;

	/** Under the monitor. */
	private @Nullable Thread thread;

	/** Under the monitor. */
	private boolean stopped;

	@Override
	long nanoTime() {
		return System.nanoTime();
	}

	@Override
	void firstChanged() {
		synchronized (monitor()) {
			if (this.stopped) {
				clear();
			}
			else if (this.thread == null) {
				Thread started = new Thread(this::run, "reducestream-timers");
				started.setDaemon(true);
				this.thread = started;
				started.start();
			}
			else {
				monitor().notifyAll();
			}
		}
	}

	@Override
	void stop() {
		synchronized (monitor()) {
			this.stopped = true;
			clear();
			monitor().notifyAll();
		}
	}

	private void run() {
		List<TimerEntry> due = new ArrayList<>();
		while (true) {
			try {
				if (!takeDue(due)) {
					return;
				}
				long now = nanoTime();
				for (TimerEntry entry : due) {
					fire(entry, now);
				}
			}
			catch (InterruptedException ex) {
				// Not ours to interrupt: go on until stopped.
				logger.debug("The timer thread was interrupted");
			}
			catch (Throwable fault) {
				logger.error("The timer thread failed; timers go on", Throwables.describable(fault));
			}
			finally {
				due.clear();
			}
		}
	}

	/**
	 * Wait until timers are due and take them.
	 * @return false when the thread should end (stopped, or idle for long)
	 */
	private boolean takeDue(List<TimerEntry> due) throws InterruptedException {
		synchronized (monitor()) {
			long idleSince = nanoTime();
			while (true) {
				if (this.stopped) {
					this.thread = null;
					return false;
				}
				long now = nanoTime();
				TimerEntry entry;
				while (due.size() < BATCH && (entry = pollDue(now)) != null) {
					due.add(entry);
				}
				if (!due.isEmpty()) {
					return true;
				}
				long next = nextDue();
				if (next == Long.MAX_VALUE) {
					long idle = now - idleSince;
					if (idle >= IDLE_NANOS) {
						this.thread = null;
						return false;
					}
					TimeUnit.NANOSECONDS.timedWait(monitor(), IDLE_NANOS - idle);
				}
				else {
					idleSince = now;
					TimeUnit.NANOSECONDS.timedWait(monitor(), next - now);
				}
			}
		}
	}

}
