package dev.numaflow.reducestream.test.emulator;

import java.time.Duration;
import java.util.List;

/**
 * What an emulator run did.
 *
 * @param events the valid events read
 * @param badLines the lines skipped as invalid
 * @param lateEvents the (event, window) pairs dropped because the window had closed
 * @param windows the windows (streams) opened
 * @param resultsWhileOpen the results received before their window's half-close
 * @param resultsAtEnd the results received after it
 * @param failures the windows that did not end with OK and exactly one EOF, and why
 * @param elapsed how long the run took
 */
public record EmulatorSummary(int events, int badLines, int lateEvents, int windows, int resultsWhileOpen,
		int resultsAtEnd, List<String> failures, Duration elapsed) {

	/**
	 * Creates an instance.
	 * @param events the valid events read
	 * @param badLines the lines skipped
	 * @param lateEvents the late events dropped
	 * @param windows the windows opened
	 * @param resultsWhileOpen the results while open
	 * @param resultsAtEnd the results at the end
	 * @param failures the failures
	 * @param elapsed how long it took
	 */
	public EmulatorSummary {
		failures = List.copyOf(failures);
	}

	/**
	 * Whether every window's stream ended with OK and exactly one EOF.
	 * @return whether all went well
	 */
	public boolean ok() {
		return this.failures.isEmpty();
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("summary: ").append(this.events)
			.append(" events (")
			.append(this.badLines)
			.append(" bad lines skipped, ")
			.append(this.lateEvents)
			.append(" late and dropped), ")
			.append(this.windows)
			.append(" windows, ")
			.append(this.resultsWhileOpen + this.resultsAtEnd)
			.append(" results (")
			.append(this.resultsWhileOpen)
			.append(" while the window was open, ")
			.append(this.resultsAtEnd)
			.append(" at its end) in ")
			.append(this.elapsed.toMillis())
			.append(" ms; ");
		if (ok()) {
			text.append("every window ended with OK and exactly one EOF");
		}
		else {
			text.append(this.failures.size())
				.append((this.failures.size() == 1) ? " window failed:" : " windows failed:");
			this.failures.forEach((failure) -> text.append("\n  ").append(failure));
		}
		return text.toString();
	}

}
