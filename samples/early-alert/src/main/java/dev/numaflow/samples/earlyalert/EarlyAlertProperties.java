package dev.numaflow.samples.earlyalert;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the early-alert streamer.
 *
 * @param errorThreshold an alert is sent when a service's errors in one window reach this
 * number
 */
@ConfigurationProperties("early-alert")
public record EarlyAlertProperties(@DefaultValue("5") int errorThreshold) {

	public EarlyAlertProperties {
		if (errorThreshold < 1) {
			throw new IllegalArgumentException("early-alert.error-threshold must be at least 1, was " + errorThreshold);
		}
	}

}
