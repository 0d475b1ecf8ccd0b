package dev.numaflow.reducestream;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The metadata the platform attaches to each message since Numaflow 1.7: the previous
 * vertex, and groups of key-value pairs set by the system and by user code. Immutable;
 * byte values are copied on the way in and out.
 */
public final class MessageMetadata {

	/** Metadata with nothing in it, for messages that carry none. */
	public static final MessageMetadata EMPTY = new MessageMetadata("", Map.of(), Map.of());

	private final String previousVertex;

	private final Map<String, Map<String, byte[]>> systemGroups;

	private final Map<String, Map<String, byte[]>> userGroups;

	/**
	 * Creates an instance.
	 * @param previousVertex the vertex the message came from, empty if unknown
	 * @param systemGroups the system groups, by group name then key
	 * @param userGroups the user groups, by group name then key
	 */
	public MessageMetadata(String previousVertex, Map<String, Map<String, byte[]>> systemGroups,
			Map<String, Map<String, byte[]>> userGroups) {
		this.previousVertex = previousVertex;
		this.systemGroups = copy(systemGroups);
		this.userGroups = copy(userGroups);
	}

	/**
	 * The vertex the message came from.
	 * @return the vertex name, empty if unknown
	 */
	public String previousVertex() {
		return this.previousVertex;
	}

	/**
	 * The names of the user groups.
	 * @return the group names
	 */
	public java.util.Set<String> userGroupNames() {
		return this.userGroups.keySet();
	}

	/**
	 * The names of the system groups.
	 * @return the group names
	 */
	public java.util.Set<String> systemGroupNames() {
		return this.systemGroups.keySet();
	}

	/**
	 * One value of a user group.
	 * @param group the group name
	 * @param key the key in the group
	 * @return a copy of the value, or {@code null} if absent
	 */
	public byte @Nullable [] userValue(String group, String key) {
		return value(this.userGroups, group, key);
	}

	/**
	 * One value of a system group.
	 * @param group the group name
	 * @param key the key in the group
	 * @return a copy of the value, or {@code null} if absent
	 */
	public byte @Nullable [] systemValue(String group, String key) {
		return value(this.systemGroups, group, key);
	}

	/**
	 * The keys of one user group.
	 * @param group the group name
	 * @return the keys, empty if the group is absent
	 */
	public java.util.Set<String> userKeys(String group) {
		return this.userGroups.getOrDefault(group, Map.of()).keySet();
	}

	/**
	 * The keys of one system group.
	 * @param group the group name
	 * @return the keys, empty if the group is absent
	 */
	public java.util.Set<String> systemKeys(String group) {
		return this.systemGroups.getOrDefault(group, Map.of()).keySet();
	}

	/**
	 * Whether there is nothing in this metadata.
	 * @return whether it is empty
	 */
	public boolean isEmpty() {
		return this.previousVertex.isEmpty() && this.systemGroups.isEmpty() && this.userGroups.isEmpty();
	}

	private static byte @Nullable [] value(Map<String, Map<String, byte[]>> groups, String group, String key) {
		Map<String, byte[]> values = groups.get(group);
		byte[] value = (values != null) ? values.get(key) : null;
		return (value != null) ? value.clone() : null;
	}

	private static Map<String, Map<String, byte[]>> copy(Map<String, Map<String, byte[]>> groups) {
		if (groups.isEmpty()) {
			return Map.of();
		}
		Map<String, Map<String, byte[]>> copy = new LinkedHashMap<>();
		groups.forEach((name, values) -> {
			Map<String, byte[]> group = new LinkedHashMap<>();
			values.forEach((key, value) -> group.put(key, value.clone()));
			copy.put(name, java.util.Collections.unmodifiableMap(group));
		});
		return java.util.Collections.unmodifiableMap(copy);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof MessageMetadata that && this.previousVertex.equals(that.previousVertex)
				&& sameGroups(this.systemGroups, that.systemGroups) && sameGroups(this.userGroups, that.userGroups);
	}

	private static boolean sameGroups(Map<String, Map<String, byte[]>> a, Map<String, Map<String, byte[]>> b) {
		if (!a.keySet().equals(b.keySet())) {
			return false;
		}
		for (Map.Entry<String, Map<String, byte[]>> group : a.entrySet()) {
			Map<String, byte[]> other = b.get(group.getKey());
			if (other == null || !group.getValue().keySet().equals(other.keySet())) {
				return false;
			}
			for (Map.Entry<String, byte[]> entry : group.getValue().entrySet()) {
				if (!Arrays.equals(entry.getValue(), other.get(entry.getKey()))) {
					return false;
				}
			}
		}
		return true;
	}

	@Override
	public int hashCode() {
		return this.previousVertex.hashCode() * 31 + this.userGroups.keySet().hashCode();
	}

	@Override
	public String toString() {
		return "MessageMetadata[previousVertex=" + this.previousVertex + ", systemGroups=" + this.systemGroups.keySet()
				+ ", userGroups=" + this.userGroups.keySet() + "]";
	}

}
