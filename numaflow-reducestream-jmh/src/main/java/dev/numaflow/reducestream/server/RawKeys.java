package dev.numaflow.reducestream.server;

/**
 * Where a serialized {@code ReduceRequest} keeps its keys and its first window: the byte
 * range of the payload's consecutive {@code keys} entries (tags and lengths included, so
 * the range identifies the list) and of the first {@code windows} entry's message.
 * Handles what the platform sends (fields with one-byte tags, keys first in the payload);
 * a runtime would fall back to the parsed request for anything else.
 */
final class RawKeys {

	int keysFrom;

	int keysTo;

	int windowFrom;

	int windowTo;

	private int position;

	private RawKeys() {
	}

	static RawKeys scan(byte[] bytes) {
		RawKeys raw = new RawKeys();
		int end = bytes.length;
		int pos = 0;
		while (pos < end) {
			int tag = bytes[pos++];
			if ((tag & 7) != 2) {
				throw new IllegalArgumentException("Unexpected wire type in tag " + tag);
			}
			int length = raw.varint(bytes, pos);
			int body = raw.position;
			int bodyEnd = body + length;
			if (tag == 0x0a) {
				raw.keys(bytes, body, bodyEnd);
			}
			else if (tag == 0x12) {
				raw.window(bytes, body, bodyEnd);
			}
			pos = bodyEnd;
		}
		return raw;
	}

	private void keys(byte[] bytes, int from, int to) {
		int pos = from;
		while (pos < to && bytes[pos] == 0x0a) {
			int length = varint(bytes, pos + 1);
			pos = this.position + length;
		}
		this.keysFrom = from;
		this.keysTo = pos;
	}

	private void window(byte[] bytes, int from, int to) {
		int pos = from;
		while (pos < to) {
			int tag = bytes[pos++];
			if ((tag & 7) == 0) {
				varint(bytes, pos);
				pos = this.position;
				continue;
			}
			int length = varint(bytes, pos);
			if (tag == 0x12) {
				this.windowFrom = this.position;
				this.windowTo = this.position + length;
				return;
			}
			pos = this.position + length;
		}
	}

	/**
	 * Reads a varint (up to 32 bits) at {@code pos}; the next position goes to a field.
	 */
	private int varint(byte[] bytes, int pos) {
		int value = 0;
		int shift = 0;
		int at = pos;
		while (true) {
			byte b = bytes[at++];
			value |= (b & 0x7f) << shift;
			if (b >= 0) {
				this.position = at;
				return value;
			}
			shift += 7;
		}
	}

}
