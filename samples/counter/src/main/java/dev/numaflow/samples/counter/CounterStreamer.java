package dev.numaflow.samples.counter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;

/**
 * The class form: Spring creates one instance per (window, key set), so {@code count} is
 * the count of one key set.
 */
@ReduceStreamerBean
@ConditionalOnProperty(name = "counter.style", havingValue = "class", matchIfMissing = true)
public class CounterStreamer implements ReduceStreamer {

	private final int threshold;

	private int count;

	public CounterStreamer(CounterProperties properties) {
		this.threshold = properties.threshold();
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
