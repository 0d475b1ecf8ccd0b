package dev.numaflow.reducestream.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A datum to send into a window, with everything the platform puts in a request. Unset
 * event time and watermark are filled in by the {@link WindowSession}: the event time
 * becomes the window's start, the watermark the session's current one. Its payload is
 * bytes, or a typed value that the session encodes with the application's codec (its
 * Jackson {@code JsonMapper}) when it sends the datum.
 */
public final class TestDatum {

	private final List<String> keys;

	private final byte[] value;

	private final @Nullable Object typedValue;

	private final @Nullable Instant eventTime;

	private final @Nullable Instant watermark;

	private final Map<String, String> headers;

	private final @Nullable String traceparent;

	private final @Nullable String tracestate;

	private TestDatum(List<String> keys, byte[] value, @Nullable Object typedValue, @Nullable Instant eventTime,
			@Nullable Instant watermark, Map<String, String> headers) {
		this(keys, value, typedValue, eventTime, watermark, headers, null, null);
	}

	private TestDatum(List<String> keys, byte[] value, @Nullable Object typedValue, @Nullable Instant eventTime,
			@Nullable Instant watermark, Map<String, String> headers, @Nullable String traceparent,
			@Nullable String tracestate) {
		this.traceparent = traceparent;
		this.tracestate = tracestate;
		this.keys = List.copyOf(keys);
		this.value = value.clone();
		this.typedValue = typedValue;
		this.eventTime = eventTime;
		this.watermark = watermark;
		this.headers = Map.copyOf(headers);
	}

	/**
	 * A datum with keys and a UTF-8 value.
	 * @param keys the keys
	 * @param value the value
	 * @return the datum
	 */
	public static TestDatum of(List<String> keys, String value) {
		return new TestDatum(keys, value.getBytes(StandardCharsets.UTF_8), null, null, null, Map.of());
	}

	/**
	 * A datum with keys and a typed value, encoded by the application's codec when sent.
	 * @param keys the keys
	 * @param value the value
	 * @return the datum
	 */
	public static TestDatum ofValue(List<String> keys, Object value) {
		return new TestDatum(keys, new byte[0], value, null, null, Map.of());
	}

	/**
	 * A builder for full control.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The keys.
	 * @return the keys
	 */
	public List<String> keys() {
		return this.keys;
	}

	/**
	 * The payload. Each call returns a new copy.
	 * @return the payload, empty for a datum with a {@link #typedValue()}
	 */
	public byte[] value() {
		return this.value.clone();
	}

	/**
	 * The typed value, which the session encodes when it sends the datum.
	 * @return the value, or {@code null} if the payload is bytes
	 */
	public @Nullable Object typedValue() {
		return this.typedValue;
	}

	/**
	 * The event time, if set.
	 * @return the event time or {@code null}
	 */
	public @Nullable Instant eventTime() {
		return this.eventTime;
	}

	/**
	 * The watermark, if set.
	 * @return the watermark or {@code null}
	 */
	public @Nullable Instant watermark() {
		return this.watermark;
	}

	/**
	 * The headers.
	 * @return the headers, possibly empty
	 */
	public Map<String, String> headers() {
		return this.headers;
	}

	/**
	 * The W3C {@code traceparent} the datum carries in its system metadata group
	 * {@code tracing}, as the platform sends it with tracing on.
	 * @return the traceparent, or {@code null} for none
	 */
	public @Nullable String traceparent() {
		return this.traceparent;
	}

	/**
	 * The W3C {@code tracestate} that goes with the {@link #traceparent()}.
	 * @return the tracestate, or {@code null} for none
	 */
	public @Nullable String tracestate() {
		return this.tracestate;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof TestDatum that && this.keys.equals(that.keys) && Arrays.equals(this.value, that.value)
				&& java.util.Objects.equals(this.typedValue, that.typedValue)
				&& java.util.Objects.equals(this.eventTime, that.eventTime)
				&& java.util.Objects.equals(this.watermark, that.watermark) && this.headers.equals(that.headers)
				&& java.util.Objects.equals(this.traceparent, that.traceparent)
				&& java.util.Objects.equals(this.tracestate, that.tracestate);
	}

	@Override
	public int hashCode() {
		return this.keys.hashCode() * 31 + Arrays.hashCode(this.value);
	}

	@Override
	public String toString() {
		return "TestDatum[keys=" + this.keys + ", value="
				+ ((this.typedValue != null) ? this.typedValue : new String(this.value, StandardCharsets.UTF_8))
				+ ", eventTime=" + this.eventTime + ", watermark=" + this.watermark + ", headers=" + this.headers + "]";
	}

	/**
	 * Builds a {@link TestDatum}.
	 */
	public static final class Builder {

		private List<String> keys = List.of();

		private byte[] value = new byte[0];

		private @Nullable Object typedValue;

		private @Nullable Instant eventTime;

		private @Nullable Instant watermark;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private @Nullable String traceparent;

		private @Nullable String tracestate;

		private Builder() {
		}

		/**
		 * Set the keys.
		 * @param keys the keys
		 * @return this builder
		 */
		public Builder keys(String... keys) {
			this.keys = List.of(keys);
			return this;
		}

		/**
		 * Set the keys.
		 * @param keys the keys
		 * @return this builder
		 */
		public Builder keys(List<String> keys) {
			this.keys = List.copyOf(keys);
			return this;
		}

		/**
		 * Set the value as UTF-8 text.
		 * @param value the value
		 * @return this builder
		 */
		public Builder value(String value) {
			this.value = value.getBytes(StandardCharsets.UTF_8);
			this.typedValue = null;
			return this;
		}

		/**
		 * Set the value.
		 * @param value the value (copied)
		 * @return this builder
		 */
		public Builder value(byte[] value) {
			this.value = value.clone();
			this.typedValue = null;
			return this;
		}

		/**
		 * Set a typed value, encoded by the application's codec (its Jackson
		 * {@code JsonMapper}) when the datum is sent; it replaces a value set before.
		 * @param value the value
		 * @return this builder
		 */
		public Builder typedValue(Object value) {
			this.typedValue = value;
			this.value = new byte[0];
			return this;
		}

		/**
		 * Set the event time.
		 * @param eventTime the event time
		 * @return this builder
		 */
		public Builder eventTime(Instant eventTime) {
			this.eventTime = eventTime;
			return this;
		}

		/**
		 * Set the watermark this datum carries.
		 * @param watermark the watermark
		 * @return this builder
		 */
		public Builder watermark(Instant watermark) {
			this.watermark = watermark;
			return this;
		}

		/**
		 * Add a header.
		 * @param name the header name
		 * @param value the header value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		/**
		 * Add headers.
		 * @param headers the headers
		 * @return this builder
		 */
		public Builder headers(Map<String, String> headers) {
			this.headers.putAll(headers);
			return this;
		}

		/**
		 * Carry W3C trace context as the platform sends it with tracing on: in the system
		 * metadata group {@code tracing}, key {@code traceparent}.
		 * @param traceparent for instance
		 * {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01} (sampled)
		 * @return this builder
		 */
		public Builder traceContext(String traceparent) {
			return traceContext(traceparent, null);
		}

		/**
		 * Carry W3C trace context with a {@code tracestate}.
		 * @param traceparent the traceparent
		 * @param tracestate the tracestate, or {@code null} for none
		 * @return this builder
		 */
		public Builder traceContext(String traceparent, @Nullable String tracestate) {
			this.traceparent = traceparent;
			this.tracestate = tracestate;
			return this;
		}

		/**
		 * Build the datum.
		 * @return the datum
		 */
		public TestDatum build() {
			return new TestDatum(this.keys, this.value, this.typedValue, this.eventTime, this.watermark, this.headers,
					this.traceparent, this.tracestate);
		}

	}

}
