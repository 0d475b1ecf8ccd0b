package dev.numaflow.samples.counter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;

/**
 * The class form on typed payloads: every datum is decoded into an {@link Event} by the
 * application's JSON mapper, and each count goes out as a {@link Count} encoded by it,
 * {@code {"count":21}}. The same counting as {@link CounterStreamer}; the benchmark runs
 * the two side by side to show what typed payloads cost.
 */
@ReduceStreamerBean
@ConditionalOnProperty(name = "counter.style", havingValue = "typed")
public class TypedCounterStreamer implements ReduceStreamer {

	private final int threshold;

	private int count;

	public TypedCounterStreamer(CounterProperties properties) {
		this.threshold = properties.threshold();
	}

	@Override
	public void onDatum(Datum datum, Output output, Metadata metadata) {
		Event event = datum.value(Event.class);
		if (event.value() == null) {
			throw new IllegalArgumentException("An event without a value: " + event);
		}
		this.count++;
		if (this.count > this.threshold) {
			output.sendValue(new Count(this.count), metadata.keys());
			this.count = 0;
		}
	}

	@Override
	public void onEndOfInput(Output output, Metadata metadata) {
		output.sendValue(new Count(this.count), metadata.keys());
	}

	/**
	 * What the typed counter reads from each datum.
	 *
	 * @param id the event's id
	 * @param value the event's value
	 */
	public record Event(long id, String value) {
	}

	/**
	 * What the typed counter sends.
	 *
	 * @param count the count of one key set
	 */
	public record Count(int count) {
	}

}
