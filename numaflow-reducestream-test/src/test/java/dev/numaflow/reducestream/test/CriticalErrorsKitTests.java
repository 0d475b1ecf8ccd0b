package dev.numaflow.reducestream.test;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.numaflow.reducestream.test.fixture.KitTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit puts the application's critical errors in a temporary directory and reads them
 * back as the platform does. Its own context (distinct properties): the application
 * persists at most one entry.
 */
@ReduceStreamTest(classes = KitTestApplication.class, properties = "kit.context=critical-errors")
class CriticalErrorsKitTests {

	@Autowired
	ReduceStreamTester tester;

	@Test
	void theApplicationsCriticalErrorIsReadBackFromATemporaryDirectory() {
		assertThat(this.tester.persistedCriticalErrors()).isEmpty();
		long before = Instant.now().getEpochSecond();
		try (WindowSession window = this.tester.openWindow(KitScenarios.START, Duration.ofSeconds(10))) {
			// One key set, so the two calls are in order (two key sets would race for the
			// one entry).
			window.send("a", "persist").send("a", "persist");
			ReduceStreamAssertions.assertThat(window.endWindow())
				.keySet("a")
				.emittedWhileOpen("persisted:true", "persisted:false");
		}
		assertThat(this.tester.persistedCriticalErrors()).singleElement().satisfies((entry) -> {
			assertThat(entry.file().toString()).doesNotStartWith("/var/")
				.containsPattern("application-errors/unknown-container/\\d{19}-\\d+-udf\\.json$");
			assertThat(entry.container()).isEqualTo("unknown-container");
			assertThat(entry.timestamp()).isBetween(before, Instant.now().getEpochSecond());
			assertThat(entry.code()).isEqualTo("Internal error");
			assertThat(entry.message()).isEqualTo("kit: fatal for [a]");
			assertThat(entry.details()).isEqualTo("details of [a]");
		});
	}

}
