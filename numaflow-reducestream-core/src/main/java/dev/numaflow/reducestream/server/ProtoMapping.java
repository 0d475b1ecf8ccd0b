package dev.numaflow.reducestream.server;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.MessageMetadata;
import dev.numaflow.reducestream.proto.metadata.KeyValueGroup;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * The one place where wire types become API types and back.
 */
final class ProtoMapping {

	private ProtoMapping() {
	}

	/** Whether two windows have the same start and end (their slots may differ). */
	static boolean sameBounds(Window a, Window b) {
		Timestamp startA = a.getStart();
		Timestamp startB = b.getStart();
		Timestamp endA = a.getEnd();
		Timestamp endB = b.getEnd();
		return startA.getSeconds() == startB.getSeconds() && startA.getNanos() == startB.getNanos()
				&& endA.getSeconds() == endB.getSeconds() && endA.getNanos() == endB.getNanos();
	}

	/** The key set of a window and keys, as a map key. */
	static KeySetId keySetId(Window window, List<String> keys) {
		return new KeySetId(window.getStart().getSeconds(), window.getStart().getNanos(), window.getEnd().getSeconds(),
				window.getEnd().getNanos(), keys);
	}

	/**
	 * A datum's watermark in milliseconds. The platform sends no watermark, or -1 ms,
	 * before it has one: both mean none yet.
	 * @return the watermark, or {@link ReduceStreamListener#NO_WATERMARK}
	 */
	static long watermarkMillis(ReduceRequest.Payload payload) {
		if (!payload.hasWatermark()) {
			return ReduceStreamListener.NO_WATERMARK;
		}
		long millis = millis(payload.getWatermark());
		return (millis < 0) ? ReduceStreamListener.NO_WATERMARK : millis;
	}

	static Instant instant(Timestamp timestamp) {
		return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
	}

	static long millis(Timestamp timestamp) {
		return timestamp.getSeconds() * 1000 + Math.floorDiv(timestamp.getNanos(), 1_000_000);
	}

	static IntervalWindow intervalWindow(Window window) {
		return new IntervalWindow(instant(window.getStart()), instant(window.getEnd()));
	}

	static ReduceResponse result(Message message, Window window) {
		return result(message.value(), message.keys(), message.tags(), window);
	}

	/** A result whose payload is an array nobody else holds (it is not copied). */
	static ReduceResponse result(byte[] ownedPayload, List<String> keys, List<String> tags, Window window) {
		ReduceResponse.Result.Builder result = ReduceResponse.Result.newBuilder()
			.setValue(UnsafeByteOperations.unsafeWrap(ownedPayload));
		if (!keys.isEmpty()) {
			result.addAllKeys(keys);
		}
		if (!tags.isEmpty()) {
			result.addAllTags(tags);
		}
		return ReduceResponse.newBuilder().setResult(result).setWindow(window).build();
	}

	static ReduceResponse endOfStream(Window window) {
		return ReduceResponse.newBuilder().setWindow(window).setEOF(true).build();
	}

	static MessageMetadata metadata(dev.numaflow.reducestream.proto.metadata.Metadata metadata) {
		return new MessageMetadata(metadata.getPreviousVertex(), groups(metadata.getSysMetadataMap()),
				groups(metadata.getUserMetadataMap()));
	}

	private static Map<String, Map<String, byte[]>> groups(Map<String, KeyValueGroup> groups) {
		if (groups.isEmpty()) {
			return Map.of();
		}
		Map<String, Map<String, byte[]>> result = new LinkedHashMap<>();
		groups.forEach((name, group) -> {
			Map<String, byte[]> values = new LinkedHashMap<>();
			group.getKeyValueMap().forEach((key, value) -> values.put(key, bytes(value)));
			result.put(name, values);
		});
		return result;
	}

	private static byte[] bytes(ByteString value) {
		return value.toByteArray();
	}

	static List<String> keys(List<String> keys) {
		return List.copyOf(keys);
	}

}
