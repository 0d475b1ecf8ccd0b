package dev.numaflow.samples.earlyalert;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;
import dev.numaflow.reducestream.codec.PayloadDecodingException;

/**
 * Counts the hot readings of one sensor (the key) in one window. The moment they reach
 * the threshold it sends an {@value #ALERT_TAG}-tagged {@link Alert}, at most once per
 * window; when the window closes it sends a {@value #FINAL_TAG}-tagged {@link Summary}.
 * <p>
 * While the window is open it also sends a {@value #SUMMARY_TAG}-tagged
 * {@link RunningSummary} every {@code early-alert.summary-interval} (processing time, a
 * timer set on the sensor's first datum), but only if a payload arrived since the
 * previous one: a sensor that has gone quiet would otherwise repeat the same summary
 * until its window closes, to a sink that already has it. No running summary comes after
 * the window has closed (the {@code final} one says the rest).
 * <p>
 * Spring creates one instance per (window, sensor), so the fields are that pair's state.
 * Payloads are typed: {@link Reading} in, {@link Alert}, {@link RunningSummary} and
 * {@link Summary} out, through the application's Jackson {@code JsonMapper}.
 */
@ReduceStreamerBean
public class EarlyAlertStreamer implements ReduceStreamer {

	/** The tag of an early alert; {@code pipeline.yaml} routes it to the alert sink. */
	public static final String ALERT_TAG = "alert";

	/** The tag of the end-of-window summary; routed to the summary sink. */
	public static final String FINAL_TAG = "final";

	/**
	 * The tag of the running summary sent while the window is open; routed to the
	 * running-summaries sink.
	 */
	public static final String SUMMARY_TAG = "summary";

	private static final Logger logger = LoggerFactory.getLogger(EarlyAlertStreamer.class);

	private final double limit;

	private final int threshold;

	private final Duration summaryInterval;

	private int readings;

	private double maxCelsius = Double.NEGATIVE_INFINITY;

	private double sumCelsius;

	private int hot;

	private int malformed;

	private boolean alerted;

	/** The payloads (readings and malformed) counted in the last running summary. */
	private int summarized;

	public EarlyAlertStreamer(EarlyAlertProperties properties) {
		this.limit = properties.limitCelsius();
		this.threshold = properties.threshold();
		this.summaryInterval = properties.summaryInterval();
	}

	@Override
	public void onDatum(Datum datum, Output output, Metadata metadata) {
		if (payloads() == 0) {
			output.timers().every(this.summaryInterval);
		}
		Reading reading;
		try {
			reading = datum.value(Reading.class);
		}
		catch (PayloadDecodingException ex) {
			// One bad payload must not fail the window (the platform would restart and
			// replay it into the same exception): count it and go on.
			this.malformed++;
			logger.warn("Skipping a payload of sensor {} in window {} that is not a reading", sensor(metadata),
					metadata.intervalWindow());
			return;
		}
		this.readings++;
		this.sumCelsius += reading.celsius();
		this.maxCelsius = Math.max(this.maxCelsius, reading.celsius());
		if (reading.celsius() < this.limit) {
			return;
		}
		this.hot++;
		if (!this.alerted && this.hot >= this.threshold) {
			this.alerted = true;
			IntervalWindow window = metadata.intervalWindow();
			output.sendValue(new Alert(sensor(metadata), window.start(), window.end(), this.hot, this.threshold,
					reading.celsius()), metadata.keys(), List.of(ALERT_TAG));
		}
	}

	@Override
	public void onTimer(Output output, Metadata metadata) {
		if (payloads() == this.summarized) {
			return;
		}
		this.summarized = payloads();
		IntervalWindow window = metadata.intervalWindow();
		Double max = (this.readings > 0) ? this.maxCelsius : null;
		Double mean = (this.readings > 0) ? this.sumCelsius / this.readings : null;
		output.sendValue(new RunningSummary(sensor(metadata), window.start(), window.end(), this.readings, this.hot,
				this.malformed, max, mean, this.alerted), metadata.keys(), List.of(SUMMARY_TAG));
	}

	@Override
	public void onEndOfInput(Output output, Metadata metadata) {
		IntervalWindow window = metadata.intervalWindow();
		output.sendValue(new Summary(sensor(metadata), window.start(), window.end(), this.readings, this.hot,
				this.malformed, this.alerted), metadata.keys(), List.of(FINAL_TAG));
	}

	private int payloads() {
		return this.readings + this.malformed;
	}

	private static String sensor(Metadata metadata) {
		return String.join(",", metadata.keys());
	}

}
