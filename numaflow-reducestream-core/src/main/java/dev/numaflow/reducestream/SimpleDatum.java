package dev.numaflow.reducestream;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.numaflow.reducestream.codec.PayloadCodecs;
import dev.numaflow.reducestream.codec.PayloadType;

/**
 * A {@link Datum} holding its values.
 */
final class SimpleDatum implements Datum {

	private final List<String> keys;

	private final byte[] value;

	private final Instant eventTime;

	private final Instant watermark;

	private final Map<String, String> headers;

	private final MessageMetadata metadata;

	SimpleDatum(List<String> keys, byte[] value, Instant eventTime, Instant watermark, Map<String, String> headers,
			MessageMetadata metadata) {
		this.keys = List.copyOf(keys);
		this.value = value.clone();
		this.eventTime = eventTime;
		this.watermark = watermark;
		this.headers = Map.copyOf(headers);
		this.metadata = metadata;
	}

	@Override
	public List<String> keys() {
		return this.keys;
	}

	@Override
	public byte[] value() {
		return this.value.clone();
	}

	@Override
	public <T> T value(Class<T> type) {
		return PayloadCodecs.cast(type,
				PayloadCodecs.decode(PayloadCodecs.defaultCodec(), this.value, type, this.keys));
	}

	@Override
	@SuppressWarnings("unchecked") // the codec decodes into the type it is given
	public <T> T value(PayloadType<T> type) {
		return (T) PayloadCodecs.decode(PayloadCodecs.defaultCodec(), this.value, type.type(), this.keys);
	}

	@Override
	public Instant eventTime() {
		return this.eventTime;
	}

	@Override
	public Instant watermark() {
		return this.watermark;
	}

	@Override
	public Map<String, String> headers() {
		return this.headers;
	}

	@Override
	public MessageMetadata metadata() {
		return this.metadata;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SimpleDatum that && this.keys.equals(that.keys) && Arrays.equals(this.value, that.value)
				&& this.eventTime.equals(that.eventTime) && this.watermark.equals(that.watermark)
				&& this.headers.equals(that.headers) && this.metadata.equals(that.metadata);
	}

	@Override
	public int hashCode() {
		return 31 * this.keys.hashCode() + Arrays.hashCode(this.value);
	}

	@Override
	public String toString() {
		return "Datum[keys=" + this.keys + ", " + this.value.length + " bytes, eventTime=" + this.eventTime
				+ ", watermark=" + this.watermark + "]";
	}

}
