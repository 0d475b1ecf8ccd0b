package dev.numaflow.reducestream.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link PairedRounds}: rounds paired by their order, the sign test's interval, and the
 * verdict the summary prints.
 */
class PairedRoundsTests {

	private static final Workload W2 = Workload.throughput("W2", 1, 1_000, 1_000_000);

	@Test
	void theIntervalIsTheOrderStatisticsTheSignTestGives() {
		// Binomial(n, 1/2): n = 7 has only the extremes (1 - 2/128), n = 9 the second
		// (1 - 2 * 10/512), n = 11 the second as well (1 - 2 * 12/2048).
		PairedRounds.Interval seven = interval(7, 1, 6, 2, 5, 3, 4);
		assertThat(seven.low()).isEqualTo(1);
		assertThat(seven.high()).isEqualTo(7);
		assertThat(seven.coverage()).isCloseTo(1 - 2.0 / 128, within(1e-12));
		PairedRounds.Interval nine = interval(9, 1, 8, 2, 7, 3, 6, 4, 5);
		assertThat(nine.low()).isEqualTo(2);
		assertThat(nine.high()).isEqualTo(8);
		assertThat(nine.coverage()).isCloseTo(1 - 20.0 / 512, within(1e-12));
		PairedRounds.Interval eleven = interval(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
		assertThat(eleven.low()).isEqualTo(2);
		assertThat(eleven.high()).isEqualTo(10);
		assertThat(eleven.coverage()).isCloseTo(1 - 24.0 / 2048, within(1e-12));
	}

	@Test
	void fiveRoundsCannotGiveNinetyFivePercent() {
		// Even the extremes hold the median of five with 1 - 2/32 = 93.75% only.
		assertThat(PairedRounds.medianInterval(new double[] { 1, 2, 3, 4, 5 })).isNull();
		assertThat(PairedRounds.medianInterval(new double[0])).isNull();
		assertThat(PairedRounds.row("W2", "server CPU per datum", new double[] { 0.9, 0.9, 0.9 }, true))
			.isEqualTo("| W2 | server CPU per datum | 3 | 0.90 | - | too few rounds (6 at least) |");
	}

	@Test
	void roundsArePairedInOrderAndARoundWithAFailedRunIsLeftOut() {
		List<Measurement> runs = new ArrayList<>();
		// Round 0: ours first; round 1: the reference first, ours failed; round 2.
		runs.add(cpu(Report.OURS, 3_000_000, true));
		runs.add(cpu(Report.REFERENCE, 2_000_000, true));
		runs.add(cpu(Report.REFERENCE, 1_000_000, true));
		runs.add(cpu(Report.OURS, 9_000_000, false));
		runs.add(cpu(Report.OURS, 1_000_000, true));
		runs.add(cpu(Report.REFERENCE, 4_000_000, true));
		double[] ratios = PairedRounds.ratios(runs, W2, Measurement::serverCpuMicrosPerMessage);
		assertThat(ratios).containsExactly(1.5, 0.25);
	}

	@Test
	void theVerdictSaysWhichSideTheIntervalIsOn() {
		double[] lower = { 0.80, 0.85, 0.90, 0.82, 0.88, 0.86, 0.84 };
		double[] straddling = { 0.80, 0.85, 1.02, 0.82, 0.88, 0.86, 0.84 };
		assertThat(PairedRounds.row("W2", "server CPU per datum", lower, true))
			.isEqualTo("| W2 | server CPU per datum | 7 | 0.85 | 0.80-0.90 (98.4%) | ours lower (better) |");
		assertThat(PairedRounds.row("W2", "server CPU per datum", straddling, true))
			.isEqualTo("| W2 | server CPU per datum | 7 | 0.85 | 0.80-1.02 (98.4%) | not resolved |");
		double[] higher = { 1.10, 1.20, 1.15, 1.30, 1.12, 1.18, 1.25 };
		assertThat(PairedRounds.row("W2", "throughput", higher, false))
			.isEqualTo("| W2 | throughput | 7 | 1.18 | 1.10-1.30 (98.4%) | ours higher (better) |");
	}

	@Test
	void theSummaryEndsWithTheRoundByRoundTable() {
		List<Measurement> runs = new ArrayList<>();
		for (int round = 0; round < 6; round++) {
			runs.add(cpu(Report.OURS, 2_000_000 + round, true));
			runs.add(cpu(Report.REFERENCE, 1_000_000, true));
		}
		String table = new Summary(runs, List.of(), List.of(), Map.of(), null).markdown(List.of(W2),
				Workload.paced("W5", 10, 10_000, 6), Workload.throughput("W4", 1, 100_000, 200_000),
				Workload.throughput("W6", 1, 1_000_000, 2_000_000));
		assertThat(table).contains("| workload | metric | rounds | median ratio | interval | resolved |")
			.contains("| W2 | server CPU per datum | 6 | 2.00 | 2.00-2.00 (96.9%) | ours higher |")
			.contains("| W2 | throughput | 6 | 1.00 | 1.00-1.00 (96.9%) | not resolved |");
	}

	private static PairedRounds.Interval interval(double... values) {
		PairedRounds.Interval interval = PairedRounds.medianInterval(values);
		assertThat(interval).as("the interval of %s values", values.length).isNotNull();
		return Objects.requireNonNull(interval);
	}

	private static Measurement cpu(String server, long cpuNanos, boolean ok) {
		RunResult run = new RunResult(W2, ok, ok ? null : "failed", 1_000_000_000L, 1, 1, Latencies.NONE, 0);
		return new Measurement(server, run, cpuNanos, -1);
	}

}
