package dev.numaflow.reducestream;

import java.util.List;

import dev.numaflow.reducestream.codec.PayloadCodec;
import dev.numaflow.reducestream.codec.PayloadCodecs;
import dev.numaflow.reducestream.codec.PayloadEncodingException;

/**
 * Where a {@link ReduceStreamer} sends its results. Each result goes out as soon as the
 * transport accepts it, long before the window closes if the streamer sends early.
 * <p>
 * Safe to use from any thread, until the streamer's {@link ReduceStreamer#onEndOfInput}
 * returns; after that, or after the stream has failed or been cancelled, {@link #send}
 * throws {@link IllegalStateException}.
 */
public interface Output {

	/**
	 * Send one result. It carries the window of the key set it belongs to.
	 * @param message the result
	 * @throws IllegalStateException if the key set is finished
	 */
	void send(Message message);

	/**
	 * The processing-time timer of the key set this output belongs to: set it to have
	 * {@link ReduceStreamer#onTimer} called while the window is open, even when no datum
	 * arrives.
	 * @return the key set's timer
	 * @throws UnsupportedOperationException if this output has no key set with timers
	 * (only an output of your own making, for instance in a unit test)
	 */
	default Timers timers() {
		throw new UnsupportedOperationException(
				"This Output (" + getClass().getName() + ") has no timers: only the server's outputs do");
	}

	/**
	 * Send one result whose payload is the value encoded by the application's
	 * {@link PayloadCodec} (with Spring Boot, its Jackson {@code JsonMapper}), with no
	 * tags.
	 * @param value the value
	 * @param keys the keys it goes out with, possibly empty
	 * @throws PayloadEncodingException if the value cannot be encoded
	 * @throws IllegalStateException if the key set is finished
	 */
	default void sendValue(Object value, List<String> keys) {
		sendValue(value, keys, List.of());
	}

	/**
	 * Send one result whose payload is the value encoded by the application's
	 * {@link PayloadCodec}, with tags for conditional forwarding.
	 * <p>
	 * Not a default method on purpose: an {@code Output} that wraps another must pass
	 * this on, or values would silently be encoded by another codec than the
	 * application's. A test double may encode with {@link PayloadCodecs#defaultCodec()}.
	 * @param value the value
	 * @param keys the keys it goes out with, possibly empty
	 * @param tags the tags, possibly empty
	 * @throws PayloadEncodingException if the value cannot be encoded
	 * @throws IllegalStateException if the key set is finished
	 */
	void sendValue(Object value, List<String> keys, List<String> tags);

}
