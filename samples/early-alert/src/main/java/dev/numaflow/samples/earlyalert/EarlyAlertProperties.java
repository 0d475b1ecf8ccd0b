package dev.numaflow.samples.earlyalert;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the early-alert streamer.
 *
 * @param limitCelsius a reading at or above this temperature is hot
 * @param threshold an alert is sent when a sensor's hot readings in one window reach this
 * number
 */
@ConfigurationProperties("early-alert")
public record EarlyAlertProperties(@DefaultValue("80") double limitCelsius, @DefaultValue("5") int threshold) {

	public EarlyAlertProperties {
		if (threshold < 1) {
			throw new IllegalArgumentException("early-alert.threshold must be at least 1, was " + threshold);
		}
	}

}
