package dev.numaflow.samples.earlyalert;

import java.util.List;

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
 * Counts the errors of one service (the key) in one window. The moment they reach the
 * threshold it sends an {@value #ALERT_TAG}-tagged {@link Alert}, at most once per
 * window; when the window closes it sends a {@value #FINAL_TAG}-tagged {@link Summary}.
 * Spring creates one instance per (window, service), so the fields are that pair's state.
 */
@ReduceStreamerBean
public class EarlyAlertStreamer implements ReduceStreamer {

	/** The tag of an early alert; {@code pipeline.yaml} routes it to the alert sink. */
	public static final String ALERT_TAG = "alert";

	/** The tag of the end-of-window summary; routed to the summary sink. */
	public static final String FINAL_TAG = "final";

	private static final Logger logger = LoggerFactory.getLogger(EarlyAlertStreamer.class);

	private final JsonMapper jsonMapper;

	private final int threshold;

	private int events;

	private int errors;

	private int malformed;

	private boolean alerted;

	public EarlyAlertStreamer(JsonMapper jsonMapper, EarlyAlertProperties properties) {
		this.jsonMapper = jsonMapper;
		this.threshold = properties.errorThreshold();
	}

	@Override
	public void onDatum(Datum datum, Output output, Metadata metadata) {
		LogEvent event = parse(datum, metadata);
		if (event == null) {
			this.malformed++;
			return;
		}
		this.events++;
		if (!event.error()) {
			return;
		}
		this.errors++;
		if (!this.alerted && this.errors >= this.threshold) {
			this.alerted = true;
			IntervalWindow window = metadata.intervalWindow();
			Alert alert = new Alert(service(metadata), window.start(), window.end(), this.errors, this.threshold,
					event.message());
			output.send(Message.of(this.jsonMapper.writeValueAsBytes(alert), metadata.keys(), List.of(ALERT_TAG)));
		}
	}

	@Override
	public void onEndOfInput(Output output, Metadata metadata) {
		IntervalWindow window = metadata.intervalWindow();
		Summary summary = new Summary(service(metadata), window.start(), window.end(), this.events, this.errors,
				this.malformed, this.alerted);
		output.send(Message.of(this.jsonMapper.writeValueAsBytes(summary), metadata.keys(), List.of(FINAL_TAG)));
	}

	private @Nullable LogEvent parse(Datum datum, Metadata metadata) {
		try {
			return this.jsonMapper.readValue(datum.value(), LogEvent.class);
		}
		catch (JacksonException ex) {
			// One bad event must not fail the window (the platform would restart and
			// replay it).
			logger.warn("Skipping a payload of service {} in window {} that is not a log event: {}", service(metadata),
					metadata.intervalWindow(), ex.getOriginalMessage());
			return null;
		}
	}

	private static String service(Metadata metadata) {
		return String.join(",", metadata.keys());
	}

}
