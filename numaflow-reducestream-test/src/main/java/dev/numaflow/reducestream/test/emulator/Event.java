package dev.numaflow.reducestream.test.emulator;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One input event of the emulator.
 *
 * @param line the input line it came from, counted from 1
 * @param eventTime its event time, whole milliseconds
 * @param keys its keys
 * @param value its payload
 * @param headers its headers
 * @param traceparent the W3C trace context it carries in its system metadata group
 * {@code tracing}, or {@code null}
 * @param tracestate the W3C tracestate that goes with it, or {@code null}
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals compares content
public record Event(int line, Instant eventTime, List<String> keys, byte[] value, Map<String, String> headers,
		@Nullable String traceparent, @Nullable String tracestate) {

	/**
	 * Creates an instance, copying the lists, the map and the payload.
	 * @param line the input line
	 * @param eventTime the event time
	 * @param keys the keys
	 * @param value the payload
	 * @param headers the headers
	 * @param traceparent the traceparent, or {@code null}
	 * @param tracestate the tracestate, or {@code null}
	 */
	public Event {
		keys = List.copyOf(keys);
		value = value.clone();
		headers = Map.copyOf(headers);
	}

	/**
	 * An event without trace context.
	 * @param line the input line
	 * @param eventTime the event time
	 * @param keys the keys
	 * @param value the payload
	 * @param headers the headers
	 */
	public Event(int line, Instant eventTime, List<String> keys, byte[] value, Map<String, String> headers) {
		this(line, eventTime, keys, value, headers, null, null);
	}

	@Override
	public byte[] value() {
		return this.value.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Event that && this.line == that.line && this.eventTime.equals(that.eventTime)
				&& this.keys.equals(that.keys) && Arrays.equals(this.value, that.value)
				&& this.headers.equals(that.headers) && Objects.equals(this.traceparent, that.traceparent)
				&& Objects.equals(this.tracestate, that.tracestate);
	}

	@Override
	public int hashCode() {
		return (this.line * 31 + this.eventTime.hashCode()) * 31 + Arrays.hashCode(this.value);
	}

	@Override
	public String toString() {
		return "Event[line " + this.line + ", " + this.eventTime + ", keys=" + this.keys + "]";
	}

}
