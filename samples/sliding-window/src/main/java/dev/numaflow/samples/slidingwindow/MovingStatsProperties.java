package dev.numaflow.samples.slidingwindow;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the moving-statistics streamer.
 *
 * @param emitEvery while a window is open, the running statistics of a sensor are sent
 * after every this many readings of it in that window
 */
@ConfigurationProperties("moving-stats")
public record MovingStatsProperties(@DefaultValue("10") int emitEvery) {

	public MovingStatsProperties {
		if (emitEvery < 1) {
			throw new IllegalArgumentException("moving-stats.emit-every must be at least 1, was " + emitEvery);
		}
	}

}
