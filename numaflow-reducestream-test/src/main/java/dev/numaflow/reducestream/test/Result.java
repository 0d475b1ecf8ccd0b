package dev.numaflow.reducestream.test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One result the server sent for a window, as the platform receives it.
 *
 * @param keys the keys it carries
 * @param value the payload
 * @param tags the tags for conditional forwarding
 * @param phase whether it was produced while the window was open or at its end
 */
// The agreed API is a record; the array is copied in and out, and equals/hashCode compare
// its content.
@SuppressWarnings("ArrayRecordComponent")
public record Result(List<String> keys, byte[] value, List<String> tags, Phase phase) {

	/**
	 * Creates an instance, copying the lists and the payload.
	 * @param keys the keys it carries
	 * @param value the payload
	 * @param tags the tags
	 * @param phase when it was produced
	 */
	public Result {
		keys = List.copyOf(keys);
		value = value.clone();
		tags = List.copyOf(tags);
	}

	/**
	 * The payload. Each call returns a new copy.
	 * @return the payload
	 */
	@Override
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

	@Override
	public boolean equals(Object other) {
		return other instanceof Result that && this.keys.equals(that.keys) && Arrays.equals(this.value, that.value)
				&& this.tags.equals(that.tags) && this.phase == that.phase;
	}

	@Override
	public int hashCode() {
		return ((this.keys.hashCode() * 31 + Arrays.hashCode(this.value)) * 31 + this.tags.hashCode()) * 31
				+ this.phase.hashCode();
	}

	@Override
	public String toString() {
		return "Result[keys=" + this.keys + ", value=" + valueAsString() + ", tags=" + this.tags + ", " + this.phase
				+ "]";
	}

}
