package dev.numaflow.reducestream.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.numaflow.reducestream.test.fixture.KitTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that opts in to streamers on the transport thread, tested in process:
 * the kit says that there they run on the handler pool, and how to test them as the pod
 * runs them.
 */
@ExtendWith(OutputCaptureExtension.class)
@ReduceStreamTest(classes = KitTestApplication.class,
		properties = { "numaflow.reducestream.streamer-threads=transport", "kit.threshold=2" })
class InProcessStreamerThreadsTests {

	@Autowired
	ReduceStreamTester tester;

	@Test
	void warnsThatTheInProcessTransportRunsStreamersOnTheHandlerPool(CapturedOutput output) {
		try (WindowSession window = this.tester.openWindow(KitScenarios.START, Duration.ofSeconds(10))) {
			ReduceStreamAssertions.assertThat(window.send("a", "x").send("a", "x").endWindow())
				.keySet("a")
				.emittedWhileOpen("count:2");
		}
		assertThat(output)
			.contains("numaflow.reducestream.streamer-threads=transport is set, but the test kit's"
					+ " in-process transport has no transport thread")
			.contains("@ReduceStreamTest(transport = Transport.UNIX_SOCKET)");
	}

}
