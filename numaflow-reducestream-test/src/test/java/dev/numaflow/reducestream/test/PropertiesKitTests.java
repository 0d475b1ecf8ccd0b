package dev.numaflow.reducestream.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.numaflow.reducestream.test.fixture.KitTestApplication;

/**
 * The annotation's properties reach the application.
 */
@ReduceStreamTest(classes = KitTestApplication.class, properties = "kit.threshold=2")
class PropertiesKitTests {

	@Autowired
	ReduceStreamTester tester;

	@Test
	void passesTheTestsPropertiesToTheApplication() {
		try (WindowSession window = this.tester.openWindow(KitScenarios.START, Duration.ofSeconds(10))) {
			window.send("a", "x").send("a", "x").send("a", "x");
			ReduceStreamAssertions.assertThat(window.endWindow())
				.keySet("a")
				.emittedWhileOpen("count:2")
				.emittedAtEnd("total:3");
		}
	}

}
