package dev.numaflow.reducestream.benchmark;

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
