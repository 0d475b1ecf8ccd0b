package dev.numaflow.reducestream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One result of a {@link ReduceStreamer}: a payload, the keys it goes out with, and tags
 * for conditional forwarding. Immutable; the payload is copied on the way in and out.
 */
public final class Message {

	/** The tag that tells the platform to drop a message. */
	public static final String DROP_TAG = "U+005C__DROP__";

	private static final byte[] EMPTY = new byte[0];

	private final byte[] value;

	private final List<String> keys;

	private final List<String> tags;

	private Message(byte[] value, List<String> keys, List<String> tags) {
		this.value = value;
		this.keys = List.copyOf(keys);
		this.tags = List.copyOf(tags);
	}

	/**
	 * A message with a payload, keys and tags.
	 * @param value the payload (copied)
	 * @param keys the keys it goes out with, possibly empty
	 * @param tags the tags for conditional forwarding, possibly empty
	 * @return the message
	 */
	public static Message of(byte[] value, List<String> keys, List<String> tags) {
		return new Message(value.clone(), keys, tags);
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
	 */
	public Message withTags(List<String> tags) {
		return new Message(this.value, this.keys, tags);
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
