package dev.numaflow.reducestream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One result of a {@link ReduceStreamer}: a payload, the keys it goes out with, and tags
 * for conditional forwarding. Immutable; the payload is copied on the way in and out.
 * <p>
 * Tags of the form {@code U+005C__NAME__} are reserved for the platform's own signals. A
 * reduce result may carry only one of them, the drop tag (see {@link #toDrop()}): the
 * factories and {@link #withTags(List)} refuse the others, such as the map and sink tags
 * {@value #FAIL_TAG} and {@value #NACK_TAG}, which on a reduce result the platform would
 * forward as ordinary tags.
 */
public final class Message {

	/** The tag that tells the platform to drop a message. */
	public static final String DROP_TAG = "U+005C__DROP__";

	/**
	 * The tag that asks the platform to retry a map's message; a reduce result cannot
	 * carry it.
	 */
	public static final String FAIL_TAG = "U+005C__FAIL__";

	/**
	 * The tag that negatively acknowledges a message to its source; a reduce result
	 * cannot carry it.
	 */
	public static final String NACK_TAG = "U+005C__NACK__";

	/**
	 * How every reserved tag starts: the platform writes a backslash as {@code U+005C}.
	 */
	private static final String RESERVED_PREFIX = "U+005C__";

	private static final String RESERVED_SUFFIX = "__";

	private static final byte[] EMPTY = new byte[0];

	private final byte[] value;

	private final List<String> keys;

	private final List<String> tags;

	private Message(byte[] value, List<String> keys, List<String> tags) {
		this.value = value;
		this.keys = List.copyOf(keys);
		this.tags = List.copyOf(tags);
	}

	private static List<String> unreserved(List<String> tags) {
		for (String tag : tags) {
			if (tag != null && isReserved(tag)) {
				throw new IllegalArgumentException(reservedTagProblem(tag));
			}
		}
		return tags;
	}

	private static boolean isReserved(String tag) {
		return tag.startsWith(RESERVED_PREFIX) && tag.endsWith(RESERVED_SUFFIX)
				&& tag.length() >= RESERVED_PREFIX.length() + RESERVED_SUFFIX.length() && !tag.equals(DROP_TAG);
	}

	private static String reservedTagProblem(String tag) {
		String why = switch (tag) {
			case FAIL_TAG -> "it asks the platform to retry a map's message, and a reduce has no retry";
			case NACK_TAG ->
				"it negatively acknowledges a message to its source, and a reduce result acknowledges" + " nothing";
			default -> "tags of the form " + RESERVED_PREFIX + "NAME" + RESERVED_SUFFIX
					+ " are reserved for the platform's own signals, and a reduce result can give only the drop signal";
		};
		return "A reduce result cannot carry the tag '" + tag + "': " + why
				+ ". On a reduce result the platform would forward it as an ordinary tag. To drop a result, send"
				+ " Message.toDrop(); to fail the window, throw from the streamer";
	}

	/**
	 * A message with a payload, keys and tags.
	 * @param value the payload (copied)
	 * @param keys the keys it goes out with, possibly empty
	 * @param tags the tags for conditional forwarding, possibly empty
	 * @return the message
	 * @throws IllegalArgumentException if a tag is reserved for the platform's signals
	 * (see the class description)
	 */
	public static Message of(byte[] value, List<String> keys, List<String> tags) {
		return new Message(value.clone(), keys, unreserved(tags));
	}

	/**
	 * A message with a payload and keys, and no tags.
	 * @param value the payload (copied)
	 * @param keys the keys it goes out with, possibly empty
	 * @return the message
	 */
	public static Message of(byte[] value, List<String> keys) {
		return of(value, keys, List.of());
	}

	/**
	 * A message with a UTF-8 text payload and keys, and no tags.
	 * @param value the payload
	 * @param keys the keys it goes out with, possibly empty
	 * @return the message
	 */
	public static Message of(String value, List<String> keys) {
		return new Message(value.getBytes(StandardCharsets.UTF_8), keys, List.of());
	}

	/**
	 * A message the platform drops instead of forwarding.
	 * @return the drop message
	 */
	public static Message toDrop() {
		return new Message(EMPTY, List.of(), List.of(DROP_TAG));
	}

	/**
	 * The payload. Each call returns a new copy.
	 * @return the payload
	 */
	public byte[] value() {
		return this.value.clone();
	}

	/**
	 * The payload decoded as UTF-8.
	 * @return the payload as text
	 */
	public String valueAsString() {
		return new String(this.value, StandardCharsets.UTF_8);
	}

	/**
	 * The number of bytes in the payload.
	 * @return the payload size
	 */
	public int valueSize() {
		return this.value.length;
	}

	/**
	 * The keys the message goes out with.
	 * @return the keys, possibly empty
	 */
	public List<String> keys() {
		return this.keys;
	}

	/**
	 * The tags for conditional forwarding.
	 * @return the tags, possibly empty
	 */
	public List<String> tags() {
		return this.tags;
	}

	/**
	 * Whether this message is to be dropped.
	 * @return whether the tags contain {@link #DROP_TAG}
	 */
	public boolean isDrop() {
		return this.tags.contains(DROP_TAG);
	}

	/**
	 * This message with other tags.
	 * @param tags the tags
	 * @return a new message
	 * @throws IllegalArgumentException if a tag is reserved for the platform's signals
	 * (see the class description)
	 */
	public Message withTags(List<String> tags) {
		return new Message(this.value, this.keys, unreserved(tags));
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Message that && Arrays.equals(this.value, that.value) && this.keys.equals(that.keys)
				&& this.tags.equals(that.tags);
	}

	@Override
	public int hashCode() {
		return (Arrays.hashCode(this.value) * 31 + this.keys.hashCode()) * 31 + this.tags.hashCode();
	}

	@Override
	public String toString() {
		return "Message[value=" + valueAsString() + ", keys=" + this.keys + ", tags=" + this.tags + "]";
	}

}
