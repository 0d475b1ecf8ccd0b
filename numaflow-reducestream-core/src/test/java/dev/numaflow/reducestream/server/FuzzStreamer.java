package dev.numaflow.reducestream.server;

import java.util.concurrent.atomic.AtomicInteger;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;

/**
 * Sends {@code <datums>:<bytes>} at the end of input, so a test can check every datum of
 * a key set arrived exactly once; counts instances created and released.
 */
final class FuzzStreamer implements ReduceStreamer {

	private int datums;

	private long bytes;

	@Override
	public void onDatum(Datum datum, Output output, Metadata metadata) {
		this.datums++;
		this.bytes += datum.value().length;
	}

	@Override
	public void onEndOfInput(Output output, Metadata metadata) {
		output.send(Message.of(this.datums + ":" + this.bytes, metadata.keys()));
	}

	/** A factory of these streamers that counts what it creates and releases. */
	static final class Factory implements ReduceStreamerFactory {

		final AtomicInteger created = new AtomicInteger();

		final AtomicInteger released = new AtomicInteger();

		@Override
		public ReduceStreamer create(Metadata metadata) {
			this.created.incrementAndGet();
			return new FuzzStreamer();
		}

		@Override
		public void release(ReduceStreamer streamer) {
			this.released.incrementAndGet();
		}

	}

}
