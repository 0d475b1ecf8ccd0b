package dev.numaflow.reducestream.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The Markdown table of one invocation of the runner: every metric of every workload, per
 * server, with the ratios (see {@link Report}).
 */
final class Summary {

	private final List<Measurement> measurements;

	private final List<Measurement> memory;

	private final List<Measurement> millionRuns;

	private final Map<String, List<Double>> startupMillis;

	private final @Nullable String sdkNote;

	/**
	 * A summary of the runs measured.
	 * @param measurements the timed phase's runs (W1, W2, W3, W5)
	 * @param memory the 100,000 key sets' runs (W4)
	 * @param millionRuns the 1,000,000 key sets' runs (W6)
	 * @param startupMillis per server, the start-up of every process it started
	 * @param sdkNote what the SDK's column header says, or {@code null} without the SDK
	 */
	Summary(List<Measurement> measurements, List<Measurement> memory, List<Measurement> millionRuns,
			Map<String, List<Double>> startupMillis, @Nullable String sdkNote) {
		this.measurements = measurements;
		this.memory = memory;
		this.millionRuns = millionRuns;
		this.startupMillis = startupMillis;
		this.sdkNote = sdkNote;
	}

	String markdown(List<Workload> throughput, Workload paced, Workload manyKeySets, Workload millionKeySets) {
		Report report = new Report(this.sdkNote);
		for (Workload workload : throughput) {
			report.metric(workload, "throughput (msg/s)", this.measurements, (m) -> m.run().messagesPerSecond(),
					"%,.0f", 0.8, true);
			report.metric(workload, "server CPU (us/msg)", this.measurements, Measurement::serverCpuMicrosPerMessage,
					"%.2f", 1.5, false);
			report.metric(workload, "server CPU without JIT threads (us/msg)", this.measurements,
					Measurement::serverCpuWithoutCompilerMicrosPerMessage, "%.2f", null, false);
			report.metric(workload, "time to first result (ms)", this.measurements,
					(m) -> m.run().firstResultNanos() / 1e6, "%.2f", null, false);
		}
		report.metric(paced, "latency p50 (ms)", this.measurements, (m) -> m.run().latencies().percentile(50) / 1e6,
				"%.3f", null, false);
		report.metric(paced, "latency p99 (ms)", this.measurements, (m) -> m.run().latencies().percentile(99) / 1e6,
				"%.3f", 2.0, false);
		report.metric(paced, "latency max (ms)", this.measurements, (m) -> m.run().latencies().percentile(100) / 1e6,
				"%.3f", null, false);
		report.metric(paced, "server CPU (us/msg)", this.measurements, Measurement::serverCpuMicrosPerMessage, "%.2f",
				null, false);
		if (!this.memory.isEmpty()) {
			report.text(manyKeySets.name(), "completed", completed(this.memory, Report.OURS),
					completed(this.memory, Report.REFERENCE), completed(this.memory, Report.SDK), "-");
		}
		report.metric(manyKeySets, "peak RSS (MiB), every run", this.memory, (m) -> m.peakRssBytes() / 1048576.0,
				"%.0f", 1.2, false, false);
		report.metric(manyKeySets, "throughput (msg/s)", this.memory, (m) -> m.run().messagesPerSecond(), "%,.0f", null,
				true);
		report.metric(manyKeySets, "server CPU (us/msg)", this.memory, Measurement::serverCpuMicrosPerMessage, "%.2f",
				null, false);
		if (!this.millionRuns.isEmpty()) {
			report.text(millionKeySets.name(), "completed with -Xmx1g", completed(this.millionRuns, Report.OURS),
					completed(this.millionRuns, Report.REFERENCE), completed(this.millionRuns, Report.SDK),
					"completes");
			report.metric(millionKeySets, "peak RSS (MiB), every run", this.millionRuns,
					(m) -> m.peakRssBytes() / 1048576.0, "%.0f", null, false, false);
			report.metric(millionKeySets, "throughput (msg/s)", this.millionRuns, (m) -> m.run().messagesPerSecond(),
					"%,.0f", null, true);
		}
		report.row("start", "process start to server-info file (ms)", startups(Report.OURS), startups(Report.REFERENCE),
				startups(Report.SDK), "%.0f", null, false);
		return report.markdown() + paired(throughput);
	}

	/**
	 * The per-round ratios of the throughput workloads, with what the run resolves (see
	 * {@link PairedRounds}); empty when no workload has a pair.
	 */
	private String paired(List<Workload> throughput) {
		List<String> rows = new ArrayList<>();
		for (Workload workload : throughput) {
			double[] speed = PairedRounds.ratios(this.measurements, workload, (m) -> m.run().messagesPerSecond());
			double[] cpu = PairedRounds.ratios(this.measurements, workload, Measurement::serverCpuMicrosPerMessage);
			if (speed.length > 0) {
				rows.add(PairedRounds.row(workload.name(), "throughput", speed, false));
			}
			if (cpu.length > 0) {
				rows.add(PairedRounds.row(workload.name(), "server CPU per datum", cpu, true));
			}
		}
		if (rows.isEmpty()) {
			return "";
		}
		return "\nRound by round (ours / reference in each round; the interval holds the median with the confidence"
				+ " given, by the sign test):\n\n| workload | metric | rounds | median ratio | interval | resolved |\n"
				+ "|---|---|---|---|---|---|\n" + String.join("\n", rows) + "\n";
	}

	/**
	 * "ok of all" runs; for a server none of whose runs completed, also what the first
	 * failed run's client saw (such as "did not complete within 240 s").
	 */
	static String completed(List<Measurement> measurements, String server) {
		List<Measurement> ofServer = measurements.stream().filter((m) -> m.server().equals(server)).toList();
		long ok = ofServer.stream().filter((m) -> m.run().ok()).count();
		String text = ok + " of " + ofServer.size();
		if (ok == 0 && !ofServer.isEmpty() && server.equals(Report.SDK)) {
			String problem = String.valueOf(ofServer.get(0).run().problem()).replaceAll("[|\\s]+", " ");
			text += ": " + ((problem.length() > 120) ? problem.substring(0, 120) + "..." : problem);
		}
		return text;
	}

	private double[] startups(String server) {
		return this.startupMillis.getOrDefault(server, List.of()).stream().mapToDouble(Double::doubleValue).toArray();
	}

}
