package dev.numaflow.reducestream.codec;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A value that the codec cannot encode into a payload. Its message names the value's
 * class and the key set that sent it. Thrown from a streamer it fails the window's stream
 * like any other exception.
 */
public class PayloadEncodingException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an instance.
	 * @param valueClass the class of the value
	 * @param keys the keys of the key set that sent it
	 * @param cause what the codec threw, or {@code null} if it returned nothing
	 */
	public PayloadEncodingException(Class<?> valueClass, List<String> keys, @Nullable Throwable cause) {
		super("Cannot encode a " + valueClass.getName() + " sent by key set " + keys + ": "
				+ PayloadCodecs.reason(cause, "the codec returned null"), cause);
	}

}
