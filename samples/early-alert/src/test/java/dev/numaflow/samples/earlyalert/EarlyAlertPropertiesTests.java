package dev.numaflow.samples.earlyalert;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The settings reject what the streamer or its timer could not use, naming the property.
 */
class EarlyAlertPropertiesTests {

	@Test
	void summaryIntervalFromOneMillisecondTo365DaysIsAccepted() {
		assertThat(new EarlyAlertProperties(80, 5, Duration.ofMillis(1)).summaryInterval())
			.isEqualTo(Duration.ofMillis(1));
		assertThat(new EarlyAlertProperties(80, 5, Duration.ofDays(365)).summaryInterval())
			.isEqualTo(Duration.ofDays(365));
	}

	@Test
	void summaryIntervalOutsideTheTimersRangeIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EarlyAlertProperties(80, 5, Duration.ZERO))
			.withMessage("early-alert.summary-interval must be from 1ms to 365d, was PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EarlyAlertProperties(80, 5, Duration.ofDays(365).plusMillis(1)))
			.withMessageStartingWith("early-alert.summary-interval must be from 1ms to 365d, was ");
	}

	@Test
	void thresholdBelowOneIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EarlyAlertProperties(80, 0, Duration.ofSeconds(5)))
			.withMessage("early-alert.threshold must be at least 1, was 0");
	}

}
