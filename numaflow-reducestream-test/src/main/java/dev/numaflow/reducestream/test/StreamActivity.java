package dev.numaflow.reducestream.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.IntervalWindow;

/**
 * What the streamer did for each window a tester has open, counted on the server side:
 * datums handled and results produced. It lets a session wait until everything sent has
 * been handled and everything produced has arrived, so that "while open" is exact.
 */
final class StreamActivity {

	private final Map<IntervalWindow, Counts> windows = new ConcurrentHashMap<>();

	Counts begin(IntervalWindow window) {
		Counts counts = new Counts();
		if (this.windows.putIfAbsent(window, counts) != null) {
			throw new IllegalStateException("A session for the window [" + window.start() + ", " + window.end()
					+ ") is already open: end or close it before opening the same window again");
		}
		return counts;
	}

	void end(IntervalWindow window, Counts counts) {
		this.windows.remove(window, counts);
	}

	@Nullable Counts get(IntervalWindow window) {
		return this.windows.get(window);
	}

	/** The counts of one window, and a signal for whoever waits on them. */
	static final class Counts {

		final AtomicInteger handled = new AtomicInteger();

		final AtomicInteger produced = new AtomicInteger();

		private final AtomicReference<@Nullable StreamerFailure> failure = new AtomicReference<>();

		/** The streamer threw: keep the first failure of the window, for the session. */
		void streamerFailed(StreamerFailure failure) {
			this.failure.compareAndSet(null, failure);
		}

		/**
		 * The first exception the application's streamer threw in this window.
		 * @return the failure, or {@code null} if it threw none
		 */
		@Nullable StreamerFailure streamerFailure() {
			return this.failure.get();
		}

		/** Something changed: wake the waiting session. */
		synchronized void changed() {
			notifyAll();
		}

		/**
		 * Wait until the condition holds or the time is up.
		 * @return whether the condition holds
		 */
		synchronized boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (!condition.getAsBoolean()) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this, remaining);
			}
			return true;
		}

	}

	/**
	 * An exception thrown by the application's streamer.
	 *
	 * @param keys the key set it was handling
	 * @param call the call that threw ({@code onDatum}, {@code onTimer}, ...)
	 * @param error what it threw
	 */
	record StreamerFailure(List<String> keys, String call, Throwable error) {
	}

}
