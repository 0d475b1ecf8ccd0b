package dev.numaflow.reducestream.test.typedfixture;

import java.util.List;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;

/**
 * An application whose streamer reads {@link Reading}s and sends an {@link Alert} tagged
 * {@code alert} for each reading of 30 degrees or more, and a {@link Summary} tagged
 * {@code final} at the end.
 */
@SpringBootApplication
public class TypedKitApplication {

	/** A sensor reading, the payload of a datum. */
	public record Reading(String sensorId, double celsius) {
	}

	/** Sent while the window is open. */
	public record Alert(String sensorId, double celsius) {
	}

	/** Sent at the window's end. */
	public record Summary(String sensorId, int readings, double maxCelsius) {
	}

	/** The streamer of one sensor in one window. */
	@ReduceStreamerBean
	public static class AlertStreamer implements ReduceStreamer {

		private int readings;

		private double max = Double.NEGATIVE_INFINITY;

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			Reading reading = datum.value(Reading.class);
			this.readings++;
			this.max = Math.max(this.max, reading.celsius());
			if (reading.celsius() >= 30) {
				output.sendValue(new Alert(reading.sensorId(), reading.celsius()), metadata.keys(), List.of("alert"));
			}
		}

		@Override
		public void onEndOfInput(Output output, Metadata metadata) {
			output.sendValue(new Summary(String.join(",", metadata.keys()), this.readings, this.max), metadata.keys(),
					List.of("final"));
		}

	}

}
