package dev.numaflow.reducestream.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;

/**
 * The ratio {@code ours / reference} round by round, and whether a run resolves it. The
 * timed phase measures every workload once per server in each round, the two back to back
 * (the order flips each round), so a round's two values share the machine's state of the
 * moment; the ratio of the pair cancels what drifts slowly (the host's load, the CPU's
 * speed). The median of the rounds' ratios comes with a distribution-free interval: the
 * order statistics that hold the median with at least 95% confidence by the sign test,
 * assuming only that rounds are independent. A run whose interval holds 1.0 has not
 * resolved a difference, whatever its medians say.
 */
final class PairedRounds {

	/** The interval's least coverage. */
	static final double CONFIDENCE = 0.95;

	private PairedRounds() {
	}

	/**
	 * The ratios of the rounds in which both servers completed the workload, in round
	 * order. The timed phase adds one measurement per server, workload and round, so the
	 * k-th of each server is round k's.
	 * @param measurements the timed phase's measurements
	 * @param workload the workload
	 * @param value the metric; a negative value is not measured
	 * @return the per-round ratios
	 */
	static double[] ratios(List<Measurement> measurements, Workload workload, ToDoubleFunction<Measurement> value) {
		List<Measurement> ours = new ArrayList<>();
		List<Measurement> reference = new ArrayList<>();
		for (Measurement measurement : measurements) {
			if (measurement.run().workload().equals(workload)) {
				if (measurement.server().equals(Report.OURS)) {
					ours.add(measurement);
				}
				else if (measurement.server().equals(Report.REFERENCE)) {
					reference.add(measurement);
				}
			}
		}
		int rounds = Math.min(ours.size(), reference.size());
		double[] ratios = new double[rounds];
		int count = 0;
		for (int round = 0; round < rounds; round++) {
			Measurement a = ours.get(round);
			Measurement b = reference.get(round);
			if (a.run().ok() && b.run().ok()) {
				double numerator = value.applyAsDouble(a);
				double denominator = value.applyAsDouble(b);
				if (numerator >= 0 && denominator > 0) {
					ratios[count++] = numerator / denominator;
				}
			}
		}
		return Arrays.copyOf(ratios, count);
	}

	/**
	 * The interval of order statistics around the median of {@code values}.
	 * @param values the values, in any order
	 * @return the interval, or {@code null} if there are too few values for
	 * {@link #CONFIDENCE} (fewer than 6)
	 */
	static @Nullable Interval medianInterval(double[] values) {
		int n = values.length;
		// The largest k with P(B <= k - 1) <= (1 - CONFIDENCE) / 2, B ~ Binomial(n, 1/2):
		// the k-th smallest and the k-th largest value then hold the median.
		double tail = 0;
		double term = Math.pow(0.5, n);
		int k = 0;
		for (int i = 0; i < n; i++) {
			if (tail + term > (1 - CONFIDENCE) / 2) {
				break;
			}
			tail += term;
			k = i + 1;
			term = term * (n - i) / (i + 1);
		}
		if (k == 0) {
			return null;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return new Interval(sorted[k - 1], sorted[n - k], 1 - 2 * tail);
	}

	/**
	 * A Markdown row: the rounds, the median ratio, the interval and what it resolves.
	 * @param lowerIsBetter whether a ratio below 1 is ours' advantage (CPU), else above
	 * (throughput)
	 */
	static String row(String workload, String metric, double[] ratios, boolean lowerIsBetter) {
		String median = (ratios.length == 0) ? "n/a" : format(Report.median(ratios));
		Interval interval = medianInterval(ratios);
		String range;
		String verdict;
		if (interval == null) {
			range = "-";
			verdict = "too few rounds (6 at least)";
		}
		else {
			range = format(interval.low()) + "-" + format(interval.high()) + " ("
					+ String.format(Locale.ROOT, "%.1f%%", interval.coverage() * 100) + ")";
			if (interval.low() > 1) {
				verdict = lowerIsBetter ? "ours higher" : "ours higher (better)";
			}
			else if (interval.high() < 1) {
				verdict = lowerIsBetter ? "ours lower (better)" : "ours lower";
			}
			else {
				verdict = "not resolved";
			}
		}
		return "| " + workload + " | " + metric + " | " + ratios.length + " | " + median + " | " + range + " | "
				+ verdict + " |";
	}

	private static String format(double value) {
		return String.format(Locale.ROOT, "%.2f", value);
	}

	/**
	 * Order statistics around a median.
	 *
	 * @param low the lower bound
	 * @param high the upper bound
	 * @param coverage the probability that they hold the median
	 */
	record Interval(double low, double high, double coverage) {
	}

}
