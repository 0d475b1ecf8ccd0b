package dev.numaflow.reducestream.server;

import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.ReduceStreamer;

/**
 * Creates the {@link ReduceStreamer} for each (window, key set), and releases it when
 * that key set is finished.
 */
public interface ReduceStreamerFactory {

	/**
	 * Create the streamer of one key set. Called on a handler thread, before its first
	 * datum.
	 * @param metadata the key set and its window
	 * @return a streamer
	 */
	ReduceStreamer create(Metadata metadata);

	/**
	 * Release a streamer this factory created: its key set ended, failed or was
	 * cancelled. Called once per streamer.
	 * @param streamer the streamer
	 */
	default void release(ReduceStreamer streamer) {
	}

}
