package dev.numaflow.reducestream.codec;

import java.lang.reflect.Type;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A payload that does not decode into the type asked for. Its message names the type, the
 * key set and the first bytes of the payload (at most {@value #MAX_PAYLOAD_SHOWN}), so
 * the error the platform shows says what arrived. Thrown from a streamer it fails the
 * window's stream like any other exception; catch it to skip such a datum instead.
 */
public class PayloadDecodingException extends RuntimeException {

	/** The most payload bytes the message shows. */
	public static final int MAX_PAYLOAD_SHOWN = 64;

	private static final long serialVersionUID = 1L;

	private final String typeName;

	private final List<String> keys;

	/**
	 * Creates an instance.
	 * @param type the type the payload was to be decoded into
	 * @param keys the keys of the datum
	 * @param payload the payload (only its first bytes are kept, in the message)
	 * @param cause what the codec threw, or {@code null} if it returned nothing
	 */
	public PayloadDecodingException(Type type, List<String> keys, byte[] payload, @Nullable Throwable cause) {
		super("Cannot decode the payload of key set " + keys + " as " + type.getTypeName() + " ("
				+ PayloadCodecs.describe(payload) + "): " + PayloadCodecs.reason(cause, "it decoded to null"), cause);
		this.typeName = type.getTypeName();
		this.keys = List.copyOf(keys);
	}

	/**
	 * The name of the type the payload was to be decoded into.
	 * @return the type's name, generic arguments included
	 */
	public String getTypeName() {
		return this.typeName;
	}

	/**
	 * The keys of the datum.
	 * @return the keys
	 */
	public List<String> getKeys() {
		return this.keys;
	}

}
