package dev.numaflow.samples.earlyalert;

import org.junit.jupiter.api.Nested;

import dev.numaflow.reducestream.test.ReduceStreamTest;
import dev.numaflow.reducestream.test.Transport;

/**
 * The early-alert scenarios in process (fast) and over the application's real Unix socket
 * with the platform's request shape (wire compatibility).
 */
class EarlyAlertStreamerTests {

	@Nested
	@ReduceStreamTest(properties = "early-alert.threshold=3")
	class InProcess extends EarlyAlertScenarios {

	}

	@Nested
	@ReduceStreamTest(transport = Transport.UNIX_SOCKET, properties = "early-alert.threshold=3")
	class OverTheUnixSocket extends EarlyAlertScenarios {

	}

}
