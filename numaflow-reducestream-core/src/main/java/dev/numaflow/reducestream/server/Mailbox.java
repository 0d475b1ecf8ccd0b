package dev.numaflow.reducestream.server;

import org.jspecify.annotations.Nullable;

/**
 * A key set's queue of items: one producer (the stream's request callbacks, serialised by
 * gRPC), one consumer at a time (the key set's turn, serialised by its {@code scheduled}
 * flag). Items go into arrays chained one after another, so no node is allocated per
 * item; the arrays start small (most key sets see a few items) and double up to
 * {@value #MAX_CHUNK} slots.
 * <p>
 * {@link #add} is not visible to the consumer until {@link #publish()}: the producer
 * publishes once per batch (one volatile write for the batch), then claims the consumer's
 * turn or sees that a turn is running. A turn reads {@link #published()} after clearing
 * its {@code scheduled} flag, so with both fields volatile either the producer's claim
 * succeeds or the turn sees the new items (no lost wake-up).
 */
final class Mailbox {

	static final int FIRST_CHUNK = 4;

	static final int MAX_CHUNK = 1024;

	/** Producer side: the array being filled; its last slot links the next one. */
	private @Nullable Object[] tailChunk;

	private int tailIndex;

	/** Producer only: items added, published or not. */
	private long produced;

	/** Items the consumer may take: written by the producer, read by the consumer. */
	private volatile long published;

	/** Consumer side: the array being read. */
	private @Nullable Object[] headChunk;

	private int headIndex;

	/** Consumer only: items taken. */
	private long consumed;

	Mailbox() {
		@Nullable Object[] first = new Object[FIRST_CHUNK + 1];
		this.tailChunk = first;
		this.headChunk = first;
	}

	/** Producer: add an item, not yet visible to the consumer. */
	void add(Object item) {
		@Nullable Object[] chunk = this.tailChunk;
		int last = chunk.length - 1;
		if (this.tailIndex == last) {
			@Nullable Object[] next = new Object[Math.min(last * 2, MAX_CHUNK) + 1];
			chunk[last] = next;
			chunk = next;
			this.tailChunk = next;
			this.tailIndex = 0;
		}
		chunk[this.tailIndex++] = item;
		this.produced++;
	}

	/**
	 * Producer: make the items added so far visible to the consumer.
	 * @return whether there was anything new to publish
	 */
	boolean publish() {
		long count = this.produced;
		if (this.published == count) {
			return false;
		}
		this.published = count;
		return true;
	}

	/** Producer: whether items were added and not yet published. */
	boolean hasUnpublished() {
		return this.produced != this.published;
	}

	/** Consumer: the next published item, or null if none. */
	@Nullable Object poll() {
		if (this.consumed == this.published) {
			return null;
		}
		@Nullable Object[] chunk = this.headChunk;
		int last = chunk.length - 1;
		if (this.headIndex == last) {
			Object link = chunk[last];
			if (link == null) {
				throw new IllegalStateException("A published item has no array");
			}
			chunk = (@Nullable Object[]) link;
			this.headChunk = chunk;
			this.headIndex = 0;
		}
		Object item = chunk[this.headIndex];
		chunk[this.headIndex++] = null;
		this.consumed++;
		return item;
	}

	/** Consumer: drop every published item. */
	void clear() {
		while (poll() != null) {
			// dropped
		}
	}

	/** Consumer: items taken so far. */
	long consumed() {
		return this.consumed;
	}

	/** Consumer: items published so far (a volatile read). */
	long published() {
		return this.published;
	}

}
