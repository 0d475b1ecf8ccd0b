package dev.numaflow.reducestream.server;

import java.util.Locale;

/**
 * Which threads run the streamers' code: every call into a {@code ReduceStreamer}, its
 * factory and the listeners that come with a key set's turn.
 */
public enum StreamerThreads {

	/**
	 * The handler pool ({@code max-threads} threads), the default. A streamer may block
	 * for a while (a lookup, a call to another service): only its own key set and the
	 * handler thread wait, and the transport goes on reading and writing every stream.
	 */
	HANDLER_POOL,

	/**
	 * The transport thread that reads the stream's requests, for streamers that never
	 * block. Each turn runs right after the transport has read its datums, with no
	 * hand-off to another thread: on the benchmark's W2 and W3 6% and 16% less CPU per
	 * datum (see BENCHMARKS.md). While a turn runs, that thread reads and writes nothing
	 * else: a streamer that blocks holds up every stream of the connection, and the
	 * platform's readiness checks with them. A turn that runs long is logged at WARN with
	 * the thread's stack. On the transport thread, sending a result never waits for the
	 * client to read: the results of one call are all queued.
	 */
	TRANSPORT;

	/**
	 * The name in properties: {@code handler-pool} or {@code transport}.
	 * @return the name
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
