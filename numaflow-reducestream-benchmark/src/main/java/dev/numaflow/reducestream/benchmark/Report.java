package dev.numaflow.reducestream.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;

/**
 * The table of medians, spreads and ratios ({@code ours / reference}) against the
 * targets, as Markdown. With the official SDK as a third server, three columns follow the
 * existing ones: the SDK's median (min-max), {@code sdk/ref} and {@code ours/sdk}.
 */
final class Report {

	static final String OURS = "ours";

	static final String REFERENCE = "reference";

	static final String SDK = "sdk";

	private static final double[] NONE = new double[0];

	private final List<String> lines = new ArrayList<>();

	private final boolean withSdk;

	Report() {
		this(null);
	}

	/**
	 * A table with the SDK's columns, or without them when {@code sdkNote} is
	 * {@code null}.
	 * @param sdkNote what the SDK's column header says about how it was driven
	 */
	Report(@Nullable String sdkNote) {
		this.withSdk = sdkNote != null;
		if (sdkNote == null) {
			this.lines.add(
					"| workload | metric | ours: median (min-max) | reference: median (min-max) | ours/ref | target |");
			this.lines.add("|---|---|---|---|---|---|");
		}
		else {
			this.lines
				.add("| workload | metric | ours: median (min-max) | reference: median (min-max) | ours/ref | target"
						+ " | sdk (" + sdkNote + "): median (min-max) | sdk/ref | ours/sdk |");
			this.lines.add("|---|---|---|---|---|---|---|---|---|");
		}
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
		double[] sdk = values(ofWorkload, SDK, value);
		row(workload.name(), metric, ours, reference, sdk, format, targetRatio, higherIsBetter);
	}

	void row(String workload, String metric, double[] ours, double[] reference, String format,
			@Nullable Double targetRatio, boolean higherIsBetter) {
		row(workload, metric, ours, reference, NONE, format, targetRatio, higherIsBetter);
	}

	/** A row; the SDK's values are shown only in a table with the SDK's columns. */
	void row(String workload, String metric, double[] ours, double[] reference, double[] sdk, String format,
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
		String line = "| " + workload + " | " + metric + " | " + spread(ours, format) + " | "
				+ spread(reference, format) + " | " + ratio + " | " + target + " |";
		if (this.withSdk) {
			line += " " + spread(sdk, format) + " | " + ratio(sdk, reference) + " | " + ratio(ours, sdk) + " |";
		}
		this.lines.add(line);
	}

	void text(String workload, String metric, String ours, String reference, String target) {
		text(workload, metric, ours, reference, "-", target);
	}

	/** A row of text; {@code sdk} is shown only in a table with the SDK's columns. */
	void text(String workload, String metric, String ours, String reference, String sdk, String target) {
		String line = "| " + workload + " | " + metric + " | " + ours + " | " + reference + " | - | " + target + " |";
		if (this.withSdk) {
			line += " " + sdk + " | - | - |";
		}
		this.lines.add(line);
	}

	private static String ratio(double[] numerator, double[] denominator) {
		if (numerator.length == 0 || denominator.length == 0) {
			return "-";
		}
		return String.format(Locale.ROOT, "%.2f", median(numerator) / median(denominator));
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
