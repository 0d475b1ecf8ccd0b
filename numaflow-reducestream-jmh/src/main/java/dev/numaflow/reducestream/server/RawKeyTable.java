package dev.numaflow.reducestream.server;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * An open-addressing table from a key list's raw bytes (a range of a serialized request)
 * to a value: hashes and compares bytes, never decodes a {@code String}. For the
 * benchmark: fixed capacity, no removal.
 */
final class RawKeyTable<V> {

	private final byte[][] keys;

	private final int[] hashes;

	private final @Nullable Object[] values;

	private final int mask;

	RawKeyTable(int expected) {
		int capacity = Integer.highestOneBit(Math.max(2, expected) * 2) * 2;
		this.keys = new byte[capacity][];
		this.hashes = new int[capacity];
		this.values = new Object[capacity];
		this.mask = capacity - 1;
	}

	void put(byte[] bytes, int from, int to, V value) {
		int hash = hash(bytes, from, to);
		int index = hash & this.mask;
		while (this.keys[index] != null) {
			index = (index + 1) & this.mask;
		}
		this.keys[index] = Arrays.copyOfRange(bytes, from, to);
		this.hashes[index] = hash;
		this.values[index] = value;
	}

	@SuppressWarnings("unchecked")
	@Nullable V get(byte[] bytes, int from, int to) {
		int hash = hash(bytes, from, to);
		int index = hash & this.mask;
		while (true) {
			byte[] key = this.keys[index];
			if (key == null) {
				return null;
			}
			if (this.hashes[index] == hash && Arrays.equals(key, 0, key.length, bytes, from, to)) {
				return (V) this.values[index];
			}
			index = (index + 1) & this.mask;
		}
	}

	private static int hash(byte[] bytes, int from, int to) {
		int hash = 1;
		for (int i = from; i < to; i++) {
			hash = 31 * hash + bytes[i];
		}
		return hash ^ (hash >>> 16);
	}

}
