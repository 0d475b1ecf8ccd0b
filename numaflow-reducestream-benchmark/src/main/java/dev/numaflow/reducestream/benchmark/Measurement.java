package dev.numaflow.reducestream.benchmark;

import java.util.Locale;

/**
 * One run of a workload against one server: the client's view and the server process's
 * CPU time and peak memory.
 *
 * @param server the server's name
 * @param run what the client measured
 * @param serverCpuNanos CPU time the server process used during the run, or -1
 * @param peakRssBytes the server's peak resident set after the run ({@code VmHWM}), or -1
 * @param compilerCpuNanos of the server's CPU time, what its JIT compiler threads used,
 * or -1
 */
record Measurement(String server, RunResult run, long serverCpuNanos, long peakRssBytes, long compilerCpuNanos) {

	Measurement(String server, RunResult run, long serverCpuNanos, long peakRssBytes) {
		this(server, run, serverCpuNanos, peakRssBytes, -1);
	}

	/**
	 * Server CPU per message without the JIT compiler threads' share: the cost of the
	 * work itself once the code is compiled; -1 when not measured.
	 */
	double serverCpuWithoutCompilerMicrosPerMessage() {
		if (this.serverCpuNanos < 0 || this.compilerCpuNanos < 0) {
			return -1;
		}
		return (this.serverCpuNanos - this.compilerCpuNanos) / 1e3 / this.run.workload().totalMessages();
	}

	double serverCpuMicrosPerMessage() {
		return this.serverCpuNanos / 1e3 / this.run.workload().totalMessages();
	}

	double clientCpuMicrosPerMessage() {
		return this.run.clientCpuNanos() / 1e3 / this.run.workload().totalMessages();
	}

	String describe() {
		RunResult run = this.run;
		if (!run.completed()) {
			return String.format(Locale.ROOT, "%-9s %-6s FAILED: %s (server CPU %.1f s, peak RSS %.0f MiB)",
					this.server, run.workload().name(), run.problem(), this.serverCpuNanos / 1e9,
					this.peakRssBytes / 1048576.0);
		}
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
				"%-9s %-6s %9.0f msg/s  %7.1f ms  first result %6.2f ms  server CPU %6.2f us/msg  client CPU %5.2f us/msg",
				this.server, run.workload().name(), run.messagesPerSecond(), run.elapsedNanos() / 1e6,
				run.firstResultNanos() / 1e6, serverCpuMicrosPerMessage(), clientCpuMicrosPerMessage()));
		if (this.compilerCpuNanos >= 0) {
			line.append(String.format(Locale.ROOT, "  server CPU without JIT %6.2f us/msg",
					serverCpuWithoutCompilerMicrosPerMessage()));
		}
		if (run.latencies().count() > 0) {
			line.append(String.format(Locale.ROOT, "  latency p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms (%d)",
					run.latencies().percentile(50) / 1e6, run.latencies().percentile(99) / 1e6,
					run.latencies().percentile(99.9) / 1e6, run.latencies().percentile(100) / 1e6,
					run.latencies().count()));
		}
		if (this.peakRssBytes > 0) {
			line.append(String.format(Locale.ROOT, "  peak RSS %.0f MiB", this.peakRssBytes / 1048576.0));
		}
		line.append(run.ok() ? "  ok" : "  FAILED: " + run.problem());
		return line.toString();
	}

}
