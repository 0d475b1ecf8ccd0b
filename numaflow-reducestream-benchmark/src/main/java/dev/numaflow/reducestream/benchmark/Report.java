package dev.numaflow.reducestream.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;

/**
 * The table of medians, spreads and ratios ({@code ours / reference}) against the
 * targets, as Markdown.
 */
final class Report {

	static final String OURS = "ours";

	static final String REFERENCE = "reference";

	private final List<String> lines = new ArrayList<>();

	Report() {
		this.lines
			.add("| workload | metric | ours: median (min-max) | reference: median (min-max) | ours/ref | target |");
		this.lines.add("|---|---|---|---|---|---|");
	}

	/**
	 * Adds a row of one metric of one workload.
	 * @param targetRatio the ratio to meet, or {@code null} when there is none
	 * @param higherIsBetter whether the ratio must be at least (else at most) the target
	 */
	void metric(Workload workload, String metric, List<Measurement> measurements, ToDoubleFunction<Measurement> value,
			String format, @Nullable Double targetRatio, boolean higherIsBetter) {
		metric(workload, metric, measurements, value, format, targetRatio, higherIsBetter, true);
	}

	/**
	 * Adds a row of one metric of one workload, of the completed runs only or of every
	 * run (a peak resident set is worth reporting even for a run that timed out).
	 */
	void metric(Workload workload, String metric, List<Measurement> measurements, ToDoubleFunction<Measurement> value,
			String format, @Nullable Double targetRatio, boolean higherIsBetter, boolean completedOnly) {
		List<Measurement> ofWorkload = measurements.stream()
			.filter((m) -> m.run().workload().equals(workload) && (!completedOnly || m.run().ok()))
			.toList();
		if (measurements.stream().noneMatch((m) -> m.run().workload().equals(workload))) {
			return;
		}
		double[] ours = values(ofWorkload, OURS, value);
		double[] reference = values(ofWorkload, REFERENCE, value);
		row(workload.name(), metric, ours, reference, format, targetRatio, higherIsBetter);
	}

	void row(String workload, String metric, double[] ours, double[] reference, String format,
			@Nullable Double targetRatio, boolean higherIsBetter) {
		String ratio = "-";
		String target = "-";
		if (ours.length > 0 && reference.length > 0) {
			double r = median(ours) / median(reference);
			ratio = String.format(Locale.ROOT, "%.2f", r);
			if (targetRatio != null) {
				boolean met = higherIsBetter ? r >= targetRatio : r <= targetRatio;
				target = String.format(Locale.ROOT, "%s %.1fx: %s", higherIsBetter ? ">=" : "<=", targetRatio,
						met ? "met" : "**missed**");
			}
		}
		this.lines.add("| " + workload + " | " + metric + " | " + spread(ours, format) + " | "
				+ spread(reference, format) + " | " + ratio + " | " + target + " |");
	}

	void text(String workload, String metric, String ours, String reference, String target) {
		this.lines.add("| " + workload + " | " + metric + " | " + ours + " | " + reference + " | - | " + target + " |");
	}

	String markdown() {
		return String.join("\n", this.lines) + "\n";
	}

	static double[] values(List<Measurement> measurements, String server, ToDoubleFunction<Measurement> value) {
		return measurements.stream()
			.filter((m) -> m.server().equals(server))
			.mapToDouble(value)
			.filter((v) -> v >= 0)
			.toArray();
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	static String spread(double[] values, String format) {
		if (values.length == 0) {
			return "n/a";
		}
		double min = Arrays.stream(values).min().orElseThrow();
		double max = Arrays.stream(values).max().orElseThrow();
		String median = String.format(Locale.ROOT, format, median(values));
		if (values.length == 1) {
			return median;
		}
		return median + " (" + String.format(Locale.ROOT, format, min) + "-" + String.format(Locale.ROOT, format, max)
				+ ")";
	}

}
