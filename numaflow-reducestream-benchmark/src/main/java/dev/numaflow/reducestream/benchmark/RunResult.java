package dev.numaflow.reducestream.benchmark;

import org.jspecify.annotations.Nullable;

/**
 * What one run of a workload against one server measured, as the client saw it.
 *
 * @param workload the workload
 * @param completed whether every stream ended with its EOF and OK in time
 * @param problem the first verification failure or error, or {@code null}
 * @param elapsedNanos first request sent to last stream completed
 * @param firstResultNanos first request sent to first result received, or -1
 * @param results results received, EOFs excluded
 * @param latencies send-to-result latencies of full results (paced runs)
 * @param clientCpuNanos CPU time the client process used during the run
 */
record RunResult(Workload workload, boolean completed, @Nullable String problem, long elapsedNanos,
		long firstResultNanos, long results, Latencies latencies, long clientCpuNanos) {

	boolean ok() {
		return this.completed && this.problem == null;
	}

	double messagesPerSecond() {
		return this.workload.totalMessages() * 1e9 / this.elapsedNanos;
	}

}
