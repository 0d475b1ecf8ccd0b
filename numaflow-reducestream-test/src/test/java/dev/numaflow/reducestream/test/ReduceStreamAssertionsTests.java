package dev.numaflow.reducestream.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.numaflow.reducestream.IntervalWindow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Failure messages name the key set, the phase, what was expected and what came.
 */
class ReduceStreamAssertionsTests {

	private static final IntervalWindow WINDOW = new IntervalWindow(Instant.parse("2024-01-01T00:00:00Z"),
			Instant.parse("2024-01-01T00:01:00Z"));

	private final WindowResults results = new WindowResults(WINDOW,
			List.of(result("a", "counter:3", Phase.WHILE_OPEN, "running"),
					result("b", "counter:3", Phase.WHILE_OPEN, "running"),
					result("a", "counter:4", Phase.WHILE_OPEN, "running"), result("a", "counter:2", Phase.AT_END),
					result("b", "counter:1", Phase.AT_END, "final")));

	private static Result result(String key, String value, Phase phase, String... tags) {
		return new Result(List.of(key), value.getBytes(StandardCharsets.UTF_8), List.of(tags), phase);
	}

	@Test
	void passesWhenTheValuesOfEachPhaseMatchInOrder() {
		ReduceStreamAssertions.assertThat(this.results)
			.keySet("a")
			.emittedWhileOpen("counter:3", "counter:4")
			.hasTags("running")
			.emittedAtEnd("counter:2")
			.keySet("b")
			.emitted("counter:3", "counter:1")
			.and()
			.hasNoResultsFor("c")
			.hasResultCount(5);
	}

	@Test
	void namesTheKeySetThePhaseTheExpectedAndTheActualValues() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ReduceStreamAssertions.assertThat(this.results).keySet("a").emittedWhileOpen("counter:4"))
			.withMessageContaining("key set [a]: expected while open [counter:4] but got [counter:3, counter:4]")
			.withMessageContaining("all results of window [2024-01-01T00:00:00Z, 2024-01-01T00:01:00Z):")
			.withMessageContaining("[b] AT_END counter:1 tags [final]");
	}

	@Test
	void failsOnTheRightValuesInTheWrongOrder() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ReduceStreamAssertions.assertThat(this.results)
				.keySet("a")
				.emittedWhileOpen("counter:4", "counter:3"))
			.withMessageContaining("expected while open [counter:4, counter:3] but got [counter:3, counter:4]");
	}

	@Test
	void failsWhenAResultCameAtTheEndInsteadOfWhileOpen() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ReduceStreamAssertions.assertThat(this.results).keySet("a").emittedAtEnd("counter:4"))
			.withMessageContaining("key set [a]: expected at the end [counter:4] but got [counter:2]");
	}

	@Test
	void checksTheTagsOfThePhaseAssertedLast() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ReduceStreamAssertions.assertThat(this.results)
				.keySet("a")
				.emittedAtEnd("counter:2")
				.hasTags("final"))
			.withMessageContaining(
					"key set [a]: expected every result at the end to carry the tags [final] but these do not: [counter:2]");
	}

	@Test
	void failsWhenAKeySetThatShouldBeSilentHasResults() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ReduceStreamAssertions.assertThat(this.results).hasNoResultsFor("b"))
			.withMessageContaining("key set [b]: expected no results but got [counter:3 [running], counter:1 [final]]");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> ReduceStreamAssertions.assertThat(this.results).emittedNothingWhileOpen())
			.withMessageContaining("expected no results while the window was open");
	}

	@Test
	void exposesPhasesAndKeySets() {
		assertThat(this.results.whileOpen()).hasSize(3);
		assertThat(this.results.atEnd()).hasSize(2);
		assertThat(this.results.forKeys("a")).extracting(Result::valueAsString)
			.containsExactly("counter:3", "counter:4", "counter:2");
		assertThat(this.results.keySets()).containsExactly(List.of("a"), List.of("b"));
	}

}
