package dev.numaflow.samples.earlyalert;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the early-alert streamer.
 *
 * @param limitCelsius a reading at or above this temperature is hot
 * @param threshold an alert is sent when a sensor's hot readings in one window reach this
 * number
 * @param summaryInterval how often a sensor's running summary is sent while its window is
 * open (processing time), from 1 ms to 365 days
 */
@ConfigurationProperties("early-alert")
public record EarlyAlertProperties(@DefaultValue("80") double limitCelsius, @DefaultValue("5") int threshold,
		@DefaultValue("5s") Duration summaryInterval) {

	private static final Duration LONGEST_INTERVAL = Duration.ofDays(365);

	public EarlyAlertProperties {
		if (threshold < 1) {
			throw new IllegalArgumentException("early-alert.threshold must be at least 1, was " + threshold);
		}
		// The timer would reject it too, but only on the first datum of every key set.
		if (summaryInterval.compareTo(Duration.ofMillis(1)) < 0 || summaryInterval.compareTo(LONGEST_INTERVAL) > 0) {
			throw new IllegalArgumentException(
					"early-alert.summary-interval must be from 1ms to 365d, was " + summaryInterval);
		}
	}

}
