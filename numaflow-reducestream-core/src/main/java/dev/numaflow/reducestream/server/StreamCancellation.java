package dev.numaflow.reducestream.server;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.ReduceStreamer;

/**
 * Tells a streamer that its window's stream ended before its input did, so that it can
 * close what it holds. A failure there is logged, never thrown: the key set is released
 * either way.
 */
final class StreamCancellation {

	private static final Logger logger = LoggerFactory.getLogger(StreamCancellation.class);

	private StreamCancellation() {
	}

	static void tell(@Nullable ReduceStreamer streamer, Metadata metadata) {
		if (streamer == null) {
			return;
		}
		try {
			streamer.onCancel(metadata);
		}
		catch (Throwable ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.warn("Reduce streamer's onCancel failed for window [{}, {})", metadata.intervalWindow().start(),
					metadata.intervalWindow().end(), ex);
		}
	}

}
