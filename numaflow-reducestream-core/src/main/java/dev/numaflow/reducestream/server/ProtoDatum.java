package dev.numaflow.reducestream.server;

import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.MessageMetadata;
import dev.numaflow.reducestream.codec.PayloadCodec;
import dev.numaflow.reducestream.codec.PayloadCodecs;
import dev.numaflow.reducestream.codec.PayloadType;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;

/**
 * A {@link Datum} read lazily from the request's payload: a streamer pays only for the
 * fields it reads. A datum nobody decodes costs one reference more than raw bytes (which
 * fits in the object's alignment padding): the codec, replaced by the decoded value once
 * there is one.
 */
final class ProtoDatum implements Datum {

	private final ReduceRequest.Payload payload;

	private final List<String> keys;

	/**
	 * The codec until a value is decoded, then a {@link Decoded}. Not volatile: a datum
	 * handed to another thread may decode again, but a {@code Decoded} is immutable, so
	 * it is never seen half-built.
	 */
	private Object codecOrDecoded;

	ProtoDatum(ReduceRequest.Payload payload, List<String> keys, PayloadCodec codec) {
		this.payload = payload;
		this.keys = keys;
		this.codecOrDecoded = codec;
	}

	@Override
	public List<String> keys() {
		return this.keys;
	}

	@Override
	public byte[] value() {
		return this.payload.getValue().toByteArray();
	}

	@Override
	public String valueAsString() {
		return this.payload.getValue().toStringUtf8();
	}

	@Override
	public <T> T value(Class<T> type) {
		return PayloadCodecs.cast(type, decoded(type));
	}

	@Override
	@SuppressWarnings("unchecked") // the codec decodes into the type it is given
	public <T> T value(PayloadType<T> type) {
		return (T) decoded(type.type());
	}

	private Object decoded(Type type) {
		Object current = this.codecOrDecoded;
		PayloadCodec codec;
		if (current instanceof Decoded decoded) {
			if (decoded.type().equals(type)) {
				return decoded.value();
			}
			codec = decoded.codec();
		}
		else {
			codec = (PayloadCodec) current;
		}
		Object value = PayloadCodecs.decode(codec, this.payload.getValue().toByteArray(), type, this.keys);
		this.codecOrDecoded = new Decoded(codec, type, value);
		return value;
	}

	@Override
	public Instant eventTime() {
		return ProtoMapping.instant(this.payload.getEventTime());
	}

	@Override
	public Instant watermark() {
		return this.payload.hasWatermark() ? ProtoMapping.instant(this.payload.getWatermark()) : Instant.EPOCH;
	}

	@Override
	public Map<String, String> headers() {
		return this.payload.getHeadersMap();
	}

	@Override
	public MessageMetadata metadata() {
		return this.payload.hasMetadata() ? ProtoMapping.metadata(this.payload.getMetadata()) : MessageMetadata.EMPTY;
	}

	@Override
	public String toString() {
		return "Datum[keys=" + this.keys + ", " + this.payload.getValue().size() + " bytes]";
	}

	/** The value decoded last, of one type. */
	private record Decoded(PayloadCodec codec, Type type, Object value) {
	}

}
