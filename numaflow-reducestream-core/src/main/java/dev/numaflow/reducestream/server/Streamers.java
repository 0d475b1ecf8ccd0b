package dev.numaflow.reducestream.server;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;

/**
 * A key set's streamer from creation to release, in one place. Creating it is the user's
 * code: what that throws fails the stream as the user's error. Telling it that its stream
 * ended early ({@code onCancel}) and releasing it happen after the key set's outcome is
 * decided, so what they throw (any {@link Throwable}) is logged and changes nothing else.
 */
final class Streamers {

	private static final Logger logger = LoggerFactory.getLogger(Streamers.class);

	private Streamers() {
	}

	/** The key set's streamer, from the application's factory; may throw. */
	static ReduceStreamer create(ReduceStreamerFactory factory, Metadata metadata) {
		ReduceStreamer streamer = factory.create(metadata);
		if (streamer == null) {
			throw new IllegalStateException(
					"The ReduceStreamerFactory " + factory.getClass().getName() + " returned null");
		}
		return streamer;
	}

	/** Tell a streamer that its window's stream ended before its input did. */
	static void cancel(@Nullable ReduceStreamer streamer, Metadata metadata) {
		if (streamer == null) {
			return;
		}
		try {
			streamer.onCancel(metadata);
		}
		catch (Throwable ex) {
			interruptedAgain(ex);
			logger.warn("Reduce streamer's onCancel failed for window [{}, {})", metadata.intervalWindow().start(),
					metadata.intervalWindow().end(), Throwables.describable(ex));
		}
	}

	/** Give a streamer back to the factory (for destruction callbacks). */
	static void release(ReduceStreamerFactory factory, @Nullable ReduceStreamer streamer) {
		if (streamer == null) {
			return;
		}
		try {
			factory.release(streamer);
		}
		catch (Throwable ex) {
			interruptedAgain(ex);
			logger.warn("Could not release a reduce streamer ({} threw)", factory.getClass().getName(),
					Throwables.describable(ex));
		}
	}

	private static void interruptedAgain(Throwable ex) {
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
	}

}
