package dev.numaflow.samples.slidingwindow;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;

/**
 * Count, min, max and mean of one sensor (the key) in one sliding window. With sliding
 * windows the platform sends every reading once to each window that contains it, on that
 * window's own stream, so Spring creates {@code length / slide} instances per sensor at a
 * time; the state here is a few numbers, whatever the number of readings.
 */
@ReduceStreamerBean
public class MovingStatsStreamer implements ReduceStreamer {

	private static final Logger logger = LoggerFactory.getLogger(MovingStatsStreamer.class);

	private final JsonMapper jsonMapper;

	private final int emitEvery;

	private long count;

	private double min = Double.POSITIVE_INFINITY;

	private double max = Double.NEGATIVE_INFINITY;

	private double sum;

	private long skipped;

	public MovingStatsStreamer(JsonMapper jsonMapper, MovingStatsProperties properties) {
		this.jsonMapper = jsonMapper;
		this.emitEvery = properties.emitEvery();
	}

	@Override
	public void onDatum(Datum datum, Output output, Metadata metadata) {
		Double value = value(datum, metadata);
		if (value == null) {
			this.skipped++;
			return;
		}
		this.count++;
		this.min = Math.min(this.min, value);
		this.max = Math.max(this.max, value);
		this.sum += value;
		if (this.count % this.emitEvery == 0) {
			send(output, metadata, false);
		}
	}

	@Override
	public void onEndOfInput(Output output, Metadata metadata) {
		send(output, metadata, true);
	}

	private void send(Output output, Metadata metadata, boolean complete) {
		IntervalWindow window = metadata.intervalWindow();
		boolean any = this.count > 0;
		SensorStats stats = new SensorStats(String.join(",", metadata.keys()), window.start(), window.end(), this.count,
				any ? this.min : null, any ? this.max : null, any ? this.sum / this.count : null, this.skipped,
				complete);
		output.send(Message.of(this.jsonMapper.writeValueAsBytes(stats), metadata.keys()));
	}

	private @Nullable Double value(Datum datum, Metadata metadata) {
		try {
			SensorReading reading = this.jsonMapper.readValue(datum.value(), SensorReading.class);
			return (reading != null) ? reading.value() : null;
		}
		catch (JacksonException ex) {
			// One bad reading must not fail the window (the platform would restart and
			// replay it).
			logger.warn("Skipping a payload of sensor {} in window {} that is not a reading: {}", metadata.keys(),
					metadata.intervalWindow(), ex.getOriginalMessage());
			return null;
		}
	}

}
