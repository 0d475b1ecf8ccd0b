package dev.numaflow.reducestream.test;

import java.util.List;

import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on the results of one key set of a window. Values are compared as UTF-8
 * text, exactly and in order.
 */
public final class KeySetResultsAssert extends AbstractAssert<KeySetResultsAssert, WindowResults> {

	private final WindowResultsAssert window;

	private final List<String> keys;

	/** The phase the last value assertion was about; {@code null} for both. */
	private @Nullable Phase phase;

	KeySetResultsAssert(WindowResultsAssert window, WindowResults actual, List<String> keys) {
		super(actual, KeySetResultsAssert.class);
		this.window = window;
		this.keys = keys;
	}

	/**
	 * Assert the values produced while the window was open, exactly and in order.
	 * @param values the expected values
	 * @return this assertion
	 */
	public KeySetResultsAssert emittedWhileOpen(String... values) {
		return emitted(Phase.WHILE_OPEN, "while open", values);
	}

	/**
	 * Assert the values produced at the window's end, exactly and in order.
	 * @param values the expected values
	 * @return this assertion
	 */
	public KeySetResultsAssert emittedAtEnd(String... values) {
		return emitted(Phase.AT_END, "at the end", values);
	}

	/**
	 * Assert every value of the key set, in both phases, exactly and in order.
	 * @param values the expected values
	 * @return this assertion
	 */
	public KeySetResultsAssert emitted(String... values) {
		return emitted(null, "in all", values);
	}

	/**
	 * Assert that the key set produced nothing while the window was open.
	 * @return this assertion
	 */
	public KeySetResultsAssert emittedNothingWhileOpen() {
		return emittedWhileOpen();
	}

	/**
	 * Assert that every result of the key set in the phase of the previous value
	 * assertion (both phases if there was none) carries these tags.
	 * @param tags the tags
	 * @return this assertion
	 */
	public KeySetResultsAssert hasTags(String... tags) {
		List<String> wanted = List.of(tags);
		List<Result> results = results(this.phase);
		if (results.isEmpty()) {
			failWithMessage("%s", "key set " + this.keys + ": expected results " + phaseName(this.phase) + " tagged "
					+ wanted + " but there are none" + WindowResultsAssert.describeAll(this.actual));
		}
		List<Result> untagged = results.stream().filter((result) -> !result.tags().containsAll(wanted)).toList();
		if (!untagged.isEmpty()) {
			failWithMessage("%s",
					"key set " + this.keys + ": expected every result " + phaseName(this.phase) + " to carry the tags "
							+ wanted + " but these do not: " + describe(untagged)
							+ WindowResultsAssert.describeAll(this.actual));
		}
		return this;
	}

	/**
	 * Assert on another key set of the same window.
	 * @param keys the keys of the other key set
	 * @return the assertion on that key set
	 */
	public KeySetResultsAssert keySet(String... keys) {
		return this.window.keySet(keys);
	}

	/**
	 * Back to the window's assertions.
	 * @return the window's assertion
	 */
	public WindowResultsAssert and() {
		return this.window;
	}

	private KeySetResultsAssert emitted(@Nullable Phase phase, String phaseText, String... values) {
		isNotNull();
		this.phase = phase;
		List<String> expected = List.of(values);
		List<String> actualValues = results(phase).stream().map(Result::valueAsString).toList();
		if (!actualValues.equals(expected)) {
			failWithActualExpectedAndMessage(actualValues, expected, "%s",
					"key set " + this.keys + ": expected " + phaseText + " " + expected + " but got " + actualValues
							+ WindowResultsAssert.describeAll(this.actual));
		}
		return this;
	}

	private List<Result> results(@Nullable Phase phase) {
		return this.actual.forKeys(this.keys.toArray(new String[0]))
			.stream()
			.filter((result) -> phase == null || result.phase() == phase)
			.toList();
	}

	private static String phaseName(@Nullable Phase phase) {
		if (phase == null) {
			return "in either phase";
		}
		return (phase == Phase.WHILE_OPEN) ? "while open" : "at the end";
	}

	static String describe(List<Result> results) {
		return results.stream()
			.map((result) -> result.valueAsString() + (result.tags().isEmpty() ? "" : " " + result.tags()))
			.toList()
			.toString();
	}

}
