package dev.numaflow.reducestream.codec;

import java.lang.reflect.Type;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Calls a {@link PayloadCodec} behind a fault boundary, turning whatever it throws into a
 * {@link PayloadDecodingException} or {@link PayloadEncodingException} that says what
 * failed, and gives the codec used when none is configured.
 */
public final class PayloadCodecs {

	private static final boolean JACKSON_PRESENT = isPresent("tools.jackson.databind.json.JsonMapper");

	private static final int MAX_REASON = 300;

	private PayloadCodecs() {
	}

	/**
	 * The codec used when none is configured: JSON with a default Jackson
	 * {@code JsonMapper} when Jackson 3 ({@code tools.jackson.core:jackson-databind}) is
	 * on the class path, otherwise one that fails every call saying so.
	 * @return the default codec
	 */
	public static PayloadCodec defaultCodec() {
		return JACKSON_PRESENT ? DefaultJson.CODEC : Unavailable.CODEC;
	}

	/**
	 * Decode a payload.
	 * @param codec the codec
	 * @param payload the payload
	 * @param type the type to decode into
	 * @param keys the keys of the datum, for the error
	 * @return the value, never {@code null}
	 * @throws PayloadDecodingException if the codec throws, returns {@code null}, or
	 * returns something that is not a {@code type}
	 */
	public static Object decode(PayloadCodec codec, byte[] payload, Type type, List<String> keys) {
		Object value;
		try {
			value = codec.decode(payload, type);
		}
		catch (Throwable ex) {
			throw new PayloadDecodingException(type, keys, payload, ex);
		}
		if (value == null) {
			throw new PayloadDecodingException(type, keys, payload, null);
		}
		if (type instanceof Class<?> expected && !wrap(expected).isInstance(value)) {
			throw new PayloadDecodingException(type, keys, payload, new ClassCastException(
					"the codec returned a " + value.getClass().getName() + ", not a " + expected.getName()));
		}
		return value;
	}

	/**
	 * Encode a value.
	 * @param codec the codec
	 * @param value the value
	 * @param keys the keys of the key set that sends it, for the error
	 * @return the payload
	 * @throws PayloadEncodingException if the codec throws or returns {@code null}
	 */
	public static byte[] encode(PayloadCodec codec, Object value, List<String> keys) {
		if (value == null) {
			throw new IllegalArgumentException("sendValue(null, ...) for the key set " + keys
					+ ": a typed result needs a value to encode; to send nothing, do not call sendValue");
		}
		byte[] payload;
		try {
			payload = codec.encode(value);
		}
		catch (Throwable ex) {
			throw new PayloadEncodingException(value.getClass(), keys, ex);
		}
		if (payload == null) {
			throw new PayloadEncodingException(value.getClass(), keys, null);
		}
		return payload;
	}

	/**
	 * What the message of a decoding error shows of the payload: its size and its first
	 * bytes, printable ASCII as it is and any other byte as {@code \xNN}.
	 */
	static String describe(byte[] payload) {
		int shown = Math.min(payload.length, PayloadDecodingException.MAX_PAYLOAD_SHOWN);
		StringBuilder text = new StringBuilder(shown + 40);
		text.append((shown < payload.length) ? "first " + shown + " of " : "")
			.append(payload.length)
			.append(" bytes")
			.append((shown > 0) ? ": " : "");
		for (int i = 0; i < shown; i++) {
			int b = payload[i] & 0xff;
			if (b >= 0x20 && b < 0x7f && b != '\\') {
				text.append((char) b);
			}
			else {
				text.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
			}
		}
		return text.toString();
	}

	/**
	 * The first line of what a codec threw, or the fallback; never throws, whatever the
	 * throwable does.
	 */
	static String reason(@Nullable Throwable cause, String fallback) {
		if (cause == null) {
			return fallback;
		}
		String message;
		try {
			message = cause.getMessage();
		}
		catch (Throwable ex) {
			message = null;
		}
		String name = cause.getClass().getSimpleName();
		if (message == null || message.isBlank()) {
			return name;
		}
		int newline = message.indexOf('\n');
		String line = ((newline >= 0) ? message.substring(0, newline) : message).strip();
		if (line.length() > MAX_REASON) {
			line = line.substring(0, MAX_REASON) + "...";
		}
		return name + ": " + line;
	}

	/**
	 * A decoded value as the type asked for, a primitive type through its wrapper (as
	 * {@link #decode} accepts it).
	 * @param <T> the type
	 * @param type the type asked for
	 * @param value the decoded value
	 * @return the value
	 */
	@SuppressWarnings("unchecked") // the wrapper of T is T's boxed form
	public static <T> T cast(Class<T> type, Object value) {
		return (T) wrap(type).cast(value);
	}

	private static Class<?> wrap(Class<?> type) {
		if (!type.isPrimitive()) {
			return type;
		}
		if (type == int.class) {
			return Integer.class;
		}
		if (type == long.class) {
			return Long.class;
		}
		if (type == double.class) {
			return Double.class;
		}
		if (type == boolean.class) {
			return Boolean.class;
		}
		if (type == float.class) {
			return Float.class;
		}
		if (type == short.class) {
			return Short.class;
		}
		if (type == byte.class) {
			return Byte.class;
		}
		return (type == char.class) ? Character.class : Void.class;
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, PayloadCodecs.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/** Loaded only when Jackson is present. */
	private static final class DefaultJson {

		static final PayloadCodec CODEC = JsonPayloadCodec.withDefaultMapper();

	}

	/** The codec without Jackson: every call says what to add. */
	private static final class Unavailable implements PayloadCodec {

		static final PayloadCodec CODEC = new Unavailable();

		private static final String MESSAGE = "No payload codec: add Jackson 3 (tools.jackson.core:jackson-databind,"
				+ " or spring-boot-starter-jackson) to the class path, or give the server a PayloadCodec";

		@Override
		public Object decode(byte[] payload, Type type) {
			throw new IllegalStateException(MESSAGE);
		}

		@Override
		public byte[] encode(Object value) {
			throw new IllegalStateException(MESSAGE);
		}

	}

}
