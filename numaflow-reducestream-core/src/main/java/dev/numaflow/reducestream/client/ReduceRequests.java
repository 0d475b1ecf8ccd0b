package dev.numaflow.reducestream.client;

import java.time.Instant;
import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest.WindowOperation.Event;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * Requests and windows shaped as the platform sends them: one window per request, with
 * the Rust data plane's slot {@code "0"}, and a datum on OPEN and APPEND.
 */
public final class ReduceRequests {

	/** The slot the platform's Rust data plane puts in every window. */
	public static final String SLOT = "0";

	private ReduceRequests() {
	}

	/**
	 * A window of whole milliseconds.
	 * @param startMillis its start, inclusive
	 * @param endMillis its end, exclusive
	 * @return the window
	 */
	public static Window window(long startMillis, long endMillis) {
		return Window.newBuilder().setStart(timestamp(startMillis)).setEnd(timestamp(endMillis)).setSlot(SLOT).build();
	}

	/**
	 * A window.
	 * @param start its start, inclusive
	 * @param end its end, exclusive
	 * @return the window
	 */
	public static Window window(Instant start, Instant end) {
		return Window.newBuilder().setStart(timestamp(start)).setEnd(timestamp(end)).setSlot(SLOT).build();
	}

	/**
	 * A timestamp of milliseconds since the epoch.
	 * @param millis the milliseconds
	 * @return the timestamp
	 */
	public static Timestamp timestamp(long millis) {
		return Timestamp.newBuilder()
			.setSeconds(Math.floorDiv(millis, 1000))
			.setNanos(Math.toIntExact(Math.floorMod(millis, 1000L) * 1_000_000L))
			.build();
	}

	/**
	 * A timestamp of an instant.
	 * @param instant the instant
	 * @return the timestamp
	 */
	public static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

	/**
	 * A request carrying one datum whose event time and watermark are the window's start.
	 * @param event OPEN, APPEND (or CLOSE, which the platform does not send)
	 * @param window the window
	 * @param keys the datum's keys
	 * @param value the datum's value, as UTF-8
	 * @return the request
	 */
	public static ReduceRequest request(Event event, Window window, List<String> keys, String value) {
		return ReduceRequest.newBuilder()
			.setPayload(ReduceRequest.Payload.newBuilder()
				.addAllKeys(keys)
				.setValue(ByteString.copyFromUtf8(value))
				.setEventTime(window.getStart())
				.setWatermark(window.getStart()))
			.setOperation(operation(event, window))
			.build();
	}

	/**
	 * The operation part of a request: its event and its one window.
	 * @param event the event
	 * @param window the window
	 * @return the operation
	 */
	public static ReduceRequest.WindowOperation operation(Event event, Window window) {
		return ReduceRequest.WindowOperation.newBuilder().setEvent(event).addWindows(window).build();
	}

	/**
	 * The first datum of a key set, as the platform sends it.
	 * @param window the window
	 * @param keys the keys
	 * @param value the value
	 * @return the request
	 */
	public static ReduceRequest open(Window window, List<String> keys, String value) {
		return request(Event.OPEN, window, keys, value);
	}

	/**
	 * A later datum of a key set.
	 * @param window the window
	 * @param keys the keys
	 * @param value the value
	 * @return the request
	 */
	public static ReduceRequest append(Window window, List<String> keys, String value) {
		return request(Event.APPEND, window, keys, value);
	}

}
