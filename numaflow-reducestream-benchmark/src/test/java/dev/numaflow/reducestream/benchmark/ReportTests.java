package dev.numaflow.reducestream.benchmark;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	@Test
	void medianOfAnEvenNumberOfValuesIsTheMeanOfTheMiddleTwo() {
		assertThat(Report.median(new double[] { 4, 1, 3, 2 })).isEqualTo(2.5);
		assertThat(Report.median(new double[] { 5, 1, 3 })).isEqualTo(3);
	}

	@Test
	void spreadShowsTheMedianThenTheRange() {
		assertThat(Report.spread(new double[] { 3, 1, 2 }, "%.0f")).isEqualTo("2 (1-3)");
		assertThat(Report.spread(new double[] { 7 }, "%.0f")).isEqualTo("7");
		assertThat(Report.spread(new double[0], "%.0f")).isEqualTo("n/a");
	}

	@Test
	void aRatioAgainstItsTargetSaysMetOrMissed() {
		Report report = new Report();
		report.row("W1", "throughput", new double[] { 90 }, new double[] { 100 }, "%.0f", 0.8, true);
		report.row("W1", "CPU", new double[] { 2 }, new double[] { 1 }, "%.0f", 1.5, false);
		assertThat(report.markdown()).contains("| W1 | throughput | 90 | 100 | 0.90 | >= 0.8x: met |")
			.contains("| W1 | CPU | 2 | 1 | 2.00 | <= 1.5x: **missed** |");
	}

	@Test
	void withoutTheSdkTheTableKeepsItsSixColumns() {
		Report report = new Report();
		report.row("W1", "throughput", new double[] { 90 }, new double[] { 100 }, new double[] { 10 }, "%.0f", 0.8,
				true);
		assertThat(report.markdown().lines()).containsExactly(
				"| workload | metric | ours: median (min-max) | reference: median (min-max) | ours/ref | target |",
				"|---|---|---|---|---|---|", "| W1 | throughput | 90 | 100 | 0.90 | >= 0.8x: met |");
	}

	@Test
	void withTheSdkThreeColumnsFollowTheSixWithItsNoteAndRatios() {
		Report report = new Report("numaflow-java 0.9.2, with legacy window headers");
		report.row("W1", "throughput", new double[] { 90 }, new double[] { 100 }, new double[] { 10, 30, 20 }, "%.0f",
				0.8, true);
		report.text("W4", "completed", "2 of 2", "2 of 2", "0 of 2", "-");
		assertThat(report.markdown().lines()).containsExactly(
				"| workload | metric | ours: median (min-max) | reference: median (min-max) | ours/ref | target"
						+ " | sdk (numaflow-java 0.9.2, with legacy window headers): median (min-max) | sdk/ref | ours/sdk |",
				"|---|---|---|---|---|---|---|---|---|",
				"| W1 | throughput | 90 | 100 | 0.90 | >= 0.8x: met | 20 (10-30) | 0.20 | 4.50 |",
				"| W4 | completed | 2 of 2 | 2 of 2 | - | - | 0 of 2 | - | - |");
	}

	@Test
	void anSdkThatNeverCompletedSaysWhatTheClientSaw() {
		Workload workload = Workload.throughput("W6", 1, 1, 1);
		RunResult timedOut = new RunResult(workload, false, "did not complete within 240 s", 1, -1, 0, Latencies.NONE,
				0);
		RunResult ok = new RunResult(workload, true, null, 1, 1, 1, Latencies.NONE, 0);
		List<Measurement> runs = List.of(new Measurement(Report.SDK, timedOut, -1, -1),
				new Measurement(Report.OURS, ok, 1, 1));
		assertThat(Summary.completed(runs, Report.SDK)).isEqualTo("0 of 1: did not complete within 240 s");
		assertThat(Summary.completed(runs, Report.OURS)).isEqualTo("1 of 1");
	}

	@Test
	void serverCpuWithoutTheJitThreadsHasItsOwnRowAndAnUnmeasuredServerShowsNone() {
		Workload w1 = Workload.throughput("W1", 1, 1, 1_000);
		RunResult ok = new RunResult(w1, true, null, 1_000_000, 1, 1, Latencies.NONE, 0);
		List<Measurement> runs = List.of(new Measurement(Report.OURS, ok, 3_000_000, -1, 1_000_000),
				new Measurement(Report.REFERENCE, ok, 2_000_000, -1, 500_000),
				new Measurement(Report.SDK, ok, 40_000_000, -1, -1));
		String table = new Summary(runs, List.of(), List.of(), Map.of(), "numaflow-java 0.9.2").markdown(List.of(w1),
				Workload.paced("W5", 10, 10_000, 6), Workload.throughput("W4", 1, 100_000, 200_000),
				Workload.throughput("W6", 1, 1_000_000, 2_000_000));
		assertThat(table)
			.contains("| W1 | server CPU (us/msg) | 3.00 | 2.00 | 1.50 | <= 1.5x: met | 40.00 | 20.00 | 0.08 |")
			.contains("| W1 | server CPU without JIT threads (us/msg) | 2.00 | 1.50 | 1.33 | - | n/a | - | - |");
	}

	@Test
	void compilerTimeIsCountedPerThreadSoARetiredThreadTakesNothingAway() {
		// C1 thread 31 ran 5 ticks in between; C2 thread 32 was retired; thread 33 is
		// new.
		Map<String, Long> before = Map.of("31", 100L, "32", 900L);
		Map<String, Long> after = Map.of("31", 105L, "33", 2L);
		assertThat(ProcStats.compilerNanosBetween(before, after)).isEqualTo(7 * 10_000_000L);
	}

	@Test
	void latencyPercentilesAreNearestRank() {
		long[] samples = new long[100];
		for (int i = 0; i < samples.length; i++) {
			samples[i] = 100L - i;
		}
		Latencies latencies = Latencies.of(samples);
		assertThat(latencies.percentile(50)).isEqualTo(50);
		assertThat(latencies.percentile(99)).isEqualTo(99);
		assertThat(latencies.percentile(100)).isEqualTo(100);
		assertThat(Latencies.NONE.percentile(99)).isEqualTo(-1);
	}

}
