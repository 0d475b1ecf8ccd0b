package dev.numaflow.samples.slidingwindow;

import org.junit.jupiter.api.Nested;

import dev.numaflow.reducestream.test.ReduceStreamTest;
import dev.numaflow.reducestream.test.Transport;

/**
 * The sliding-window scenarios in process (fast) and over the application's real Unix
 * socket with the platform's request shape (wire compatibility).
 */
class MovingStatsStreamerTests {

	@Nested
	@ReduceStreamTest(properties = "moving-stats.emit-every=2")
	class InProcess extends MovingStatsScenarios {

	}

	@Nested
	@ReduceStreamTest(transport = Transport.UNIX_SOCKET, properties = "moving-stats.emit-every=2")
	class OverTheUnixSocket extends MovingStatsScenarios {

	}

}
