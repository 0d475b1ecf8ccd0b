package dev.numaflow.reducestream.codec;

import java.lang.reflect.Type;

/**
 * Turns payloads into values and values into payloads, for {@code Datum.value(Class)} and
 * {@code Output.sendValue(...)}. The server calls it from many threads at once, so an
 * implementation must be thread-safe. With Spring Boot, the starter wraps the
 * application's Jackson {@code JsonMapper} in a {@link JsonPayloadCodec}; declare a bean
 * of this type to use another format.
 * <p>
 * Implementations may throw anything: the caller wraps a failure in a
 * {@link PayloadDecodingException} or {@link PayloadEncodingException} that names the
 * type, the key set and (for decoding) the first bytes of the payload.
 */
public interface PayloadCodec {

	/**
	 * Decode a payload.
	 * @param payload the payload; the codec may read it but must not keep it
	 * @param type the type to decode into: a {@link Class}, or a parameterized type from
	 * a {@link PayloadType}
	 * @return the value, an instance of {@code type}
	 * @throws Exception if the payload is not a {@code type}
	 */
	Object decode(byte[] payload, Type type) throws Exception;

	/**
	 * Encode a value.
	 * @param value the value
	 * @return the payload, a new array the caller owns
	 * @throws Exception if the value cannot be encoded
	 */
	byte[] encode(Object value) throws Exception;

}
