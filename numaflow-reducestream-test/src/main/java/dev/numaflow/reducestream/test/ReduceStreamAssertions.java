package dev.numaflow.reducestream.test;

/**
 * AssertJ entry point for what a window's stream sent:
 * {@code assertThat(results).keySet("a").emittedWhileOpen("counter:4").emittedAtEnd("counter:2")}.
 * Failures name the key set, the phase, what was expected and what came instead.
 */
public final class ReduceStreamAssertions {

	private ReduceStreamAssertions() {
	}

	/**
	 * Start asserting on a window's results.
	 * @param results the results of {@link WindowSession#endWindow()}
	 * @return the assertion
	 */
	public static WindowResultsAssert assertThat(WindowResults results) {
		return new WindowResultsAssert(results);
	}

}
