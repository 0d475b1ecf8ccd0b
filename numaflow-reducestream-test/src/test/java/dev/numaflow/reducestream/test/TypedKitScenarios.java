package dev.numaflow.reducestream.test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.numaflow.reducestream.codec.PayloadDecodingException;
import dev.numaflow.reducestream.codec.PayloadType;
import dev.numaflow.reducestream.test.typedfixture.TypedKitApplication.Alert;
import dev.numaflow.reducestream.test.typedfixture.TypedKitApplication.Reading;
import dev.numaflow.reducestream.test.typedfixture.TypedKitApplication.Summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Typed datums in and typed results out, through the application's own {@code JsonMapper}
 * (set to snake_case by the tests' properties, which a default mapper would not read).
 */
abstract class TypedKitScenarios {

	static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

	@Autowired
	ReduceStreamTester tester;

	@Test
	void typedDatumsGoInAndTypedResultsComeOut() {
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(START, Duration.ofMinutes(1))) {
			window.sendValue("s1", new Reading("s1", 21.5)).sendValue("s1", new Reading("s1", 33.0));
			window.send(TestDatum.builder().keys("s2").typedValue(new Reading("s2", 30.0)).build());
			assertThat(window.resultsSoFar(Alert.class)).containsExactlyInAnyOrder(new Alert("s1", 33.0),
					new Alert("s2", 30.0));
			results = window.endWindow();
		}
		assertThat(results.tagged("alert").whileOpen(Alert.class)).containsExactlyInAnyOrder(new Alert("s1", 33.0),
				new Alert("s2", 30.0));
		assertThat(results.tagged("final").atEnd(Summary.class)).containsExactlyInAnyOrder(new Summary("s1", 2, 33.0),
				new Summary("s2", 1, 30.0));
		assertThat(results.tagged("final").values(new PayloadType<Map<String, Object>>() {
		})).allSatisfy((summary) -> assertThat(summary).containsKey("max_celsius"));
	}

	@Test
	void resultsAreEncodedByTheApplicationsMapper() {
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(START, Duration.ofMinutes(1))) {
			window.sendValue("s1", new Reading("s1", 40.0));
			results = window.endWindow();
		}
		assertThat(results.whileOpen()).extracting(Result::valueAsString)
			.containsExactly("{\"sensor_id\":\"s1\",\"celsius\":40.0}");
	}

	@Test
	void aResultThatDoesNotDecodeNamesTheTypeAndTheKeySet() {
		WindowResults results;
		try (WindowSession window = this.tester.openWindow(START, Duration.ofMinutes(1))) {
			window.sendValue("s1", new Reading("s1", 40.0));
			results = window.endWindow();
		}
		assertThatExceptionOfType(PayloadDecodingException.class)
			.isThrownBy(() -> results.tagged("alert").values(Integer.class))
			.withMessageStartingWith("Cannot decode the payload of key set [s1] as java.lang.Integer");
	}

	@Test
	void aDatumThatDoesNotDecodeFailsTheWindowNamingTheType() {
		try (WindowSession window = this.tester.openWindow(START, Duration.ofMinutes(1))) {
			window.send("s1", "21.5 degrees");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(window::endWindow)
				.withMessageContaining("INTERNAL: UDF_EXECUTION_ERROR(")
				.withMessageContaining("Cannot decode the payload of key set [s1] as " + Reading.class.getName()
						+ " (12 bytes: 21.5 degrees)");
		}
	}

}
