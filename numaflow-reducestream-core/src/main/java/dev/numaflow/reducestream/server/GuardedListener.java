package dev.numaflow.reducestream.server;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault boundary around the application's {@link ReduceStreamListener}s: each
 * listener is called on its own, and whatever it throws (any {@link Throwable}) is logged
 * and dropped, so a broken listener never fails, hangs or misreports a stream, never
 * counts as the user's handler error, and never keeps the other listeners from being
 * told. The first failure of a listener is logged at WARN with its class, then at most
 * one WARN per listener per minute; the others go to DEBUG.
 */
final class GuardedListener implements ReduceStreamListener {

	private static final Logger logger = LoggerFactory.getLogger(GuardedListener.class);

	/** At most one WARN per listener in this time. */
	static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private static final long NEVER = Long.MIN_VALUE;

	private final ReduceStreamListener[] listeners;

	/**
	 * Per listener, when its failure was last logged at WARN ({@link System#nanoTime()}).
	 */
	private final AtomicLongArray lastWarned;

	private GuardedListener(List<? extends ReduceStreamListener> listeners) {
		this.listeners = listeners.toArray(new ReduceStreamListener[0]);
		this.lastWarned = new AtomicLongArray(this.listeners.length);
		for (int i = 0; i < this.listeners.length; i++) {
			this.lastWarned.set(i, NEVER);
		}
	}

	/** The listeners, called in order, each behind its own fault boundary. */
	static ReduceStreamListener of(List<? extends ReduceStreamListener> listeners) {
		List<ReduceStreamListener> told = listeners.stream()
			.filter((listener) -> listener != ReduceStreamListener.NONE)
			.<ReduceStreamListener>flatMap((listener) -> (listener instanceof GuardedListener guarded)
					? List.of(guarded.listeners).stream() : java.util.stream.Stream.of(listener))
			.toList();
		return told.isEmpty() ? ReduceStreamListener.NONE : new GuardedListener(told);
	}

	@Override
	public void streamOpened() {
		for (int i = 0; i < this.listeners.length; i++) {
			try {
				this.listeners[i].streamOpened();
			}
			catch (Throwable ex) {
				failed(i, "streamOpened", ex);
			}
		}
	}

	@Override
	public void streamClosed(Outcome outcome) {
		for (int i = 0; i < this.listeners.length; i++) {
			try {
				this.listeners[i].streamClosed(outcome);
			}
			catch (Throwable ex) {
				failed(i, "streamClosed", ex);
			}
		}
	}

	@Override
	public void keySetOpened() {
		for (int i = 0; i < this.listeners.length; i++) {
			try {
				this.listeners[i].keySetOpened();
			}
			catch (Throwable ex) {
				failed(i, "keySetOpened", ex);
			}
		}
	}

	@Override
	public void keySetClosed() {
		for (int i = 0; i < this.listeners.length; i++) {
			try {
				this.listeners[i].keySetClosed();
			}
			catch (Throwable ex) {
				failed(i, "keySetClosed", ex);
			}
		}
	}

	@Override
	public void datumReceived(long watermarkMillis) {
		for (int i = 0; i < this.listeners.length; i++) {
			try {
				this.listeners[i].datumReceived(watermarkMillis);
			}
			catch (Throwable ex) {
				failed(i, "datumReceived", ex);
			}
		}
	}

	@Override
	public boolean timesHandlers() {
		for (int i = 0; i < this.listeners.length; i++) {
			try {
				if (this.listeners[i].timesHandlers()) {
					return true;
				}
			}
			catch (Throwable ex) {
				// A listener that cannot say is given the times: it may want them.
				failed(i, "timesHandlers", ex);
				return true;
			}
		}
		return false;
	}

	@Override
	public void handlerCompleted(long nanos) {
		for (int i = 0; i < this.listeners.length; i++) {
			try {
				this.listeners[i].handlerCompleted(nanos);
			}
			catch (Throwable ex) {
				failed(i, "handlerCompleted", ex);
			}
		}
	}

	@Override
	public void resultSent() {
		for (int i = 0; i < this.listeners.length; i++) {
			try {
				this.listeners[i].resultSent();
			}
			catch (Throwable ex) {
				failed(i, "resultSent", ex);
			}
		}
	}

	@Override
	public void error(ErrorKind kind) {
		for (int i = 0; i < this.listeners.length; i++) {
			try {
				this.listeners[i].error(kind);
			}
			catch (Throwable ex) {
				failed(i, "error", ex);
			}
		}
	}

	@Override
	public void transportThreadHeld() {
		for (int i = 0; i < this.listeners.length; i++) {
			try {
				this.listeners[i].transportThreadHeld();
			}
			catch (Throwable ex) {
				failed(i, "transportThreadHeld", ex);
			}
		}
	}

	private void failed(int index, String callback, Throwable ex) {
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
		String listener = this.listeners[index].getClass().getName();
		long now = System.nanoTime();
		long last = this.lastWarned.get(index);
		if ((last == NEVER || now - last >= WARN_INTERVAL_NANOS) && this.lastWarned.compareAndSet(index, last, now)) {
			logger.warn("The ReduceStreamListener {} threw from {}; streams go on unaffected. Its failures in the next"
					+ " minute are logged at DEBUG only", listener, callback, Throwables.describable(ex));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("The ReduceStreamListener {} threw from {}", listener, callback, Throwables.describable(ex));
		}
	}

}
