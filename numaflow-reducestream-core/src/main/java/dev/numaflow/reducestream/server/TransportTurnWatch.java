package dev.numaflow.reducestream.server;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks, every {@link #PERIOD_MILLIS} ms from a thread of its own, for a key set's turn
 * that holds a transport thread ({@link StreamerThreads#TRANSPORT}) and logs it at WARN
 * with the thread's stack, so that a streamer that blocks where it promised not to is
 * found from its log, and counted ({@link ReduceStreamListener#transportThreadHeld()}). A
 * turn is reported once, after it has run for one to two periods (one of more than two
 * periods always is, a shorter one may be). So that a streamer that blocks on every turn
 * cannot flood the log, at most one warning is logged per {@link #QUIET_MILLIS} ms; the
 * next one says how many were left out; every one is counted. Looking costs the transport
 * threads nothing but ordered stores ({@link TransportTurns}).
 */
final class TransportTurnWatch implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(TransportTurnWatch.class);

	/** How often the watch looks: a turn reported has run at least this long. */
	static final long PERIOD_MILLIS = 500;

	/** At most one warning per this many milliseconds. */
	static final long QUIET_MILLIS = 60_000;

	private final List<TransportTurns> turns;

	private final ReduceStreamListener listener;

	/** The watch's thread only. */
	private long lastWarning = Long.MIN_VALUE;

	private int leftOut;

	TransportTurnWatch(List<TransportTurns> turns, ReduceStreamListener listener) {
		this.turns = List.copyOf(turns);
		this.listener = listener;
	}

	@Override
	public void run() {
		try {
			for (TransportTurns loop : this.turns) {
				Thread held = loop.heldSinceLastLook();
				if (held != null) {
					// Every such turn is counted; only the log is kept quiet.
					this.listener.transportThreadHeld();
					report(loop, held);
				}
			}
		}
		catch (Throwable fault) {
			// A scheduled task that throws is never run again: keep watching.
			logger.debug("The transport turn watch failed", fault);
		}
	}

	private void report(TransportTurns loop, Thread held) {
		long now = System.nanoTime();
		if (this.lastWarning != Long.MIN_VALUE
				&& now - this.lastWarning < TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
			this.leftOut++;
			logger.debug("A key set's turn has held transport thread {} for at least {} ms", held.getName(),
					PERIOD_MILLIS);
			return;
		}
		HeldThread where = new HeldThread(held);
		if (!loop.stillHeld()) {
			// The turn ended while the stack was taken: it would show another place.
			logger.debug("A key set's turn held transport thread {} for at least {} ms", held.getName(), PERIOD_MILLIS);
			return;
		}
		this.lastWarning = now;
		int before = this.leftOut;
		this.leftOut = 0;
		logger.warn("A key set's turn has held transport thread {} for at least {} ms (numaflow.reducestream."
				+ "streamer-threads=transport). Until it returns, no stream of that thread's connections is read or"
				+ " written, and the platform's readiness checks on them wait. A streamer that can block belongs on"
				+ " the handler pool: streamer-threads=handler-pool.{} The turn was here:", held.getName(),
				PERIOD_MILLIS,
				(before > 0) ? " " + before + " more such turns in the last minute were not logged." : "", where);
	}

	/** The stack of the thread a turn holds, to be logged where the turn was. */
	static final class HeldThread extends Throwable {

		private static final long serialVersionUID = 1L;

		HeldThread(Thread thread) {
			super("The stack of " + thread.getName(), null, false, true);
			setStackTrace(thread.getStackTrace());
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			// The stack is the held thread's, set in the constructor.
			return this;
		}

	}

	/**
	 * The watch of these loops' turns, or none.
	 * @param turns the turn runners to watch
	 * @param listener told of each turn that holds a thread; must not throw
	 */
	static @Nullable TransportTurnWatch of(List<TransportTurns> turns, ReduceStreamListener listener) {
		return turns.isEmpty() ? null : new TransportTurnWatch(turns, listener);
	}

}
