package dev.numaflow.samples.counter;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the counter.
 *
 * @param style which form of the streamer to run: {@code class} or {@code function}
 * @param threshold a count is sent, and the counter reset, when it exceeds this
 */
@ConfigurationProperties("counter")
public record CounterProperties(String style, int threshold) {

	public CounterProperties {
		if (style == null) {
			style = "class";
		}
		if (threshold <= 0) {
			threshold = 20;
		}
	}

}
