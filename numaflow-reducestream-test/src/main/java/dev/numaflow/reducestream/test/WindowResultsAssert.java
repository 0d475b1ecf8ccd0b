package dev.numaflow.reducestream.test;

import java.util.List;
import java.util.stream.Collectors;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the results of one window.
 */
public final class WindowResultsAssert extends AbstractAssert<WindowResultsAssert, WindowResults> {

	WindowResultsAssert(WindowResults actual) {
		super(actual, WindowResultsAssert.class);
	}

	/**
	 * Assert on the results that carry exactly these keys.
	 * @param keys the keys of the key set
	 * @return the assertion on that key set
	 */
	public KeySetResultsAssert keySet(String... keys) {
		isNotNull();
		return new KeySetResultsAssert(this, this.actual, List.of(keys));
	}

	/**
	 * Assert that no result carries exactly these keys.
	 * @param keys the keys of the key set
	 * @return this assertion
	 */
	public WindowResultsAssert hasNoResultsFor(String... keys) {
		isNotNull();
		List<Result> results = this.actual.forKeys(keys);
		if (!results.isEmpty()) {
			failWithMessage("%s", "key set " + List.of(keys) + ": expected no results but got "
					+ KeySetResultsAssert.describe(results) + describeAll(this.actual));
		}
		return this;
	}

	/**
	 * Assert that nothing was produced while the window was open.
	 * @return this assertion
	 */
	public WindowResultsAssert emittedNothingWhileOpen() {
		isNotNull();
		List<Result> results = this.actual.whileOpen();
		if (!results.isEmpty()) {
			failWithMessage("%s", "expected no results while the window was open but got "
					+ KeySetResultsAssert.describe(results) + describeAll(this.actual));
		}
		return this;
	}

	/**
	 * Assert the number of results, in both phases.
	 * @param count the expected number
	 * @return this assertion
	 */
	public WindowResultsAssert hasResultCount(int count) {
		isNotNull();
		if (this.actual.all().size() != count) {
			failWithMessage("%s",
					"expected " + count + " results but got " + this.actual.all().size() + describeAll(this.actual));
		}
		return this;
	}

	/**
	 * Assert which key sets have results, in any order.
	 * @param keySets the key sets, each a list of keys
	 * @return this assertion
	 */
	public WindowResultsAssert hasKeySets(List<List<String>> keySets) {
		isNotNull();
		List<List<String>> expected = List.copyOf(keySets);
		List<List<String>> actualKeySets = this.actual.keySets();
		if (!(actualKeySets.containsAll(expected) && expected.containsAll(actualKeySets))) {
			failWithMessage("%s",
					"expected results for the key sets " + expected + " but got them for " + actualKeySets);
		}
		return this;
	}

	static String describeAll(WindowResults results) {
		return "\nall results of window [" + results.window().start() + ", " + results.window().end() + "):"
				+ (results.all().isEmpty() ? " none" : results.all()
					.stream()
					.map((result) -> "\n  " + result.keys() + " " + result.phase() + " " + result.valueAsString()
							+ (result.tags().isEmpty() ? "" : " tags " + result.tags()))
					.collect(Collectors.joining()));
	}

}
