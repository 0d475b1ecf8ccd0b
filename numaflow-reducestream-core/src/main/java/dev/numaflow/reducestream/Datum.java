package dev.numaflow.reducestream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
	 * A datum made of the given values, for tests and tools.
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
