package dev.numaflow.reducestream;

/**
 * Creates the {@link ReduceStreamer} for each (window, key set), and releases it when
 * that key set is finished.
 * <p>
 * By default the starter makes each streamer from the application's
 * {@link ReduceStreamerBean @ReduceStreamerBean}, a new prototype bean per key set with
 * every Spring feature it uses (injection, {@code @PostConstruct}, {@code @PreDestroy},
 * proxies): with {@code getBean}, or with its constructor alone where none of those
 * applies (see the README's "Many key sets"). Declaring a bean of this type replaces
 * that: the application then creates the streamers itself. It is called concurrently for
 * different key sets: {@code create} on a handler thread, {@code release} usually on one,
 * but on the transport or the stopping thread for a key set released while the server
 * stops.
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
