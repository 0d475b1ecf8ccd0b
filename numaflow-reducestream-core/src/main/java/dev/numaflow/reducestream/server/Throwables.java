package dev.numaflow.reducestream.server;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Throwables that come from code we do not own are described only after they have shown
 * that describing them does not throw: an exception whose {@code getMessage},
 * {@code toString} or {@code getStackTrace} throws would otherwise escape from the very
 * fault boundary that caught it (through the logger, or the status built from it).
 */
final class Throwables {

	private static final int MAX_DEPTH = 32;

	private Throwables() {
	}

	/**
	 * The throwable itself if it and its causes can be described, otherwise a stand-in
	 * naming its class.
	 */
	@SuppressWarnings("ReturnValueIgnored") // called only to see whether they throw
	static Throwable describable(Throwable throwable) {
		try {
			Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
			Throwable current = throwable;
			for (int depth = 0; current != null && depth < MAX_DEPTH && seen.add(current); depth++) {
				current.getMessage();
				current.getLocalizedMessage();
				current.toString();
				current.getStackTrace();
				for (Throwable suppressed : current.getSuppressed()) {
					suppressed.toString();
				}
				current = current.getCause();
			}
			return throwable;
		}
		catch (Throwable ex) {
			return new IllegalStateException(throwable.getClass().getName()
					+ " (it cannot be described: its message, string, stack trace or cause threw "
					+ ex.getClass().getName() + ")");
		}
	}

}
