package dev.numaflow.reducestream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.numaflow.reducestream.codec.PayloadCodec;
import dev.numaflow.reducestream.codec.PayloadCodecs;
import dev.numaflow.reducestream.codec.PayloadDecodingException;
import dev.numaflow.reducestream.codec.PayloadType;

/**
 * One message of a key set, as the platform delivered it. Immutable.
 */
public interface Datum {

	/**
	 * The keys of the message ({@code ["NON_KEYED_STREAM"]} for a non-keyed reduce).
	 * @return the keys
	 */
	List<String> keys();

	/**
	 * The payload. Each call returns a new copy.
	 * @return the payload
	 */
	byte[] value();

	/**
	 * The payload decoded as UTF-8.
	 * @return the payload as text
	 */
	default String valueAsString() {
		return new String(value(), StandardCharsets.UTF_8);
	}

	/**
	 * The payload decoded into a value by the application's {@link PayloadCodec}: with
	 * Spring Boot, its Jackson {@code JsonMapper} (or a default one when it has none).
	 * Decoding happens on the first call and its value is kept, so calling this again
	 * with the same type returns the same object; the payload is not decoded at all if
	 * this is never called.
	 * <p>
	 * Not a default method on purpose: a {@code Datum} that wraps another must pass this
	 * on, or payloads would silently be decoded by another codec than the application's.
	 * {@link #of} datums decode with {@link PayloadCodecs#defaultCodec()}.
	 * @param <T> the type
	 * @param type the class to decode into
	 * @return the value, never {@code null}
	 * @throws PayloadDecodingException if the payload is not a {@code type} (or decodes
	 * to {@code null}); its message names the type, the key set and the first bytes of
	 * the payload
	 */
	<T> T value(Class<T> type);

	/**
	 * The payload decoded into a generic value, as {@link #value(Class)} does:
	 * {@code datum.value(new PayloadType<List<Reading>>() { })}.
	 * @param <T> the type
	 * @param type the type to decode into
	 * @return the value, never {@code null}
	 * @throws PayloadDecodingException if the payload is not a {@code type}
	 */
	<T> T value(PayloadType<T> type);

	/**
	 * The event time of the message.
	 * @return the event time
	 */
	Instant eventTime();

	/**
	 * The watermark when the message was read; {@link Instant#EPOCH} when the platform
	 * sent none, and possibly {@code -1 ms} before the first watermark.
	 * @return the watermark
	 */
	Instant watermark();

	/**
	 * The message headers.
	 * @return the headers, empty when there are none
	 */
	Map<String, String> headers();

	/**
	 * The per-message metadata the platform sends since Numaflow 1.7.
	 * @return the metadata, {@linkplain MessageMetadata#EMPTY empty} when absent
	 */
	MessageMetadata metadata();

	/**
	 * A datum made of the given values, for tests and tools. Its typed value is decoded
	 * by {@link PayloadCodecs#defaultCodec()}.
	 * @param keys the keys
	 * @param value the payload (copied)
	 * @param eventTime the event time
	 * @param watermark the watermark
	 * @param headers the headers
	 * @param metadata the metadata
	 * @return the datum
	 */
	static Datum of(List<String> keys, byte[] value, Instant eventTime, Instant watermark, Map<String, String> headers,
			MessageMetadata metadata) {
		return new SimpleDatum(keys, value, eventTime, watermark, headers, metadata);
	}

}
