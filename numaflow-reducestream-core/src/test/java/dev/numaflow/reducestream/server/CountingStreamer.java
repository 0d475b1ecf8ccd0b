package dev.numaflow.reducestream.server;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;

/**
 * The seed's counter: sends {@code counter:<n>} when the count exceeds the threshold, and
 * the rest at the end.
 */
public class CountingStreamer implements ReduceStreamer {

	private final int threshold;

	private int count;

	public CountingStreamer(int threshold) {
		this.threshold = threshold;
	}

	@Override
	public void onDatum(Datum datum, Output output, Metadata metadata) {
		this.count++;
		if (this.count > this.threshold) {
			output.send(Message.of("counter:" + this.count, metadata.keys()));
			this.count = 0;
		}
	}

	@Override
	public void onEndOfInput(Output output, Metadata metadata) {
		output.send(Message.of("counter:" + this.count, metadata.keys()));
	}

}
