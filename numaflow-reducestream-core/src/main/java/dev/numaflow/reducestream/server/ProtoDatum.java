package dev.numaflow.reducestream.server;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.MessageMetadata;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;

/**
 * A {@link Datum} read lazily from the request's payload: a streamer pays only for the
 * fields it reads.
 */
final class ProtoDatum implements Datum {

	private final ReduceRequest.Payload payload;

	private final List<String> keys;

	ProtoDatum(ReduceRequest.Payload payload, List<String> keys) {
		this.payload = payload;
		this.keys = keys;
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

}
