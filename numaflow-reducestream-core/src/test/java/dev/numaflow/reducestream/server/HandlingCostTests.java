package dev.numaflow.reducestream.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How widely a group of turns spreads over the handler pool, from what its items have
 * been taking.
 */
class HandlingCostTests {

	private static final long QUICK = 500;

	private static final long SLOW = 5_000_000;

	private final HandlingCost cost = new HandlingCost();

	/** Two runs of 100 items at the given time per item. */
	private void twoRuns(long nanosPerItem) {
		this.cost.observed(100 * nanosPerItem, 100);
		this.cost.observed(100 * nanosPerItem, 100);
	}

	@Test
	void beforeAnyRunAGroupSpreadsOverEveryThreadOrEveryKeySet() {
		assertThat(this.cost.nanosPerItem()).isEqualTo(-1);
		assertThat(this.cost.copies(1, 100, 4)).isEqualTo(4);
		assertThat(this.cost.copies(1_000, 3, 8)).isEqualTo(3);
	}

	@Test
	void quickItemsWorthLessThanAMillisecondGoToOneThread() {
		twoRuns(QUICK);
		assertThat(this.cost.nanosPerItem()).isEqualTo(QUICK);
		// 1,024 items of 500 ns: about half a millisecond.
		assertThat(this.cost.copies(1_024, 1_000, 4)).isOne();
	}

	@Test
	void quickItemsSpreadOneThreadPerMillisecondOfWork() {
		twoRuns(QUICK);
		// 5,000 items of 500 ns: 2.5 ms, so three threads.
		assertThat(this.cost.copies(5_000, 1_000, 4)).isEqualTo(3);
		assertThat(this.cost.copies(100_000, 1_000, 4)).isEqualTo(4);
		assertThat(this.cost.copies(100_000, 2, 4)).isEqualTo(2);
	}

	@Test
	void aGroupCountsAtLeastOneItemPerKeySet() {
		twoRuns(QUICK);
		// Resumed groups know only their key sets: 4,000 of them at 500 ns.
		assertThat(this.cost.copies(0, 4_000, 4)).isEqualTo(2);
	}

	@Test
	void slowItemsSpreadOverEveryThread() {
		twoRuns(SLOW);
		assertThat(this.cost.copies(2, 2, 4)).isEqualTo(2);
		assertThat(this.cost.copies(50, 50, 4)).isEqualTo(4);
	}

	@Test
	void oneSlowRunAloneIsTakenForADescheduledThread() {
		twoRuns(QUICK);
		this.cost.observed(100 * SLOW, 100);
		assertThat(this.cost.nanosPerItem()).isEqualTo(QUICK);
		assertThat(this.cost.copies(100, 100, 4)).isOne();
	}

	@Test
	void aSecondSlowRunSpreadsTheNextGroupAtOnce() {
		twoRuns(QUICK);
		this.cost.observed(100 * SLOW, 100);
		this.cost.observed(100 * SLOW, 100);
		assertThat(this.cost.nanosPerItem()).isEqualTo(SLOW);
		assertThat(this.cost.copies(100, 100, 4)).isEqualTo(4);
	}

	@Test
	void quickRunsAfterSlowOnesBringTheEstimateDownAnEighthAtATime() {
		twoRuns(SLOW);
		this.cost.observed(100 * QUICK, 100);
		// The quicker of this run and the one before: this one.
		assertThat(this.cost.nanosPerItem()).isEqualTo(SLOW - (SLOW - QUICK) / 8);
		for (int i = 0; i < 200; i++) {
			this.cost.observed(100 * QUICK, 100);
		}
		assertThat(this.cost.nanosPerItem()).isBetween(QUICK, QUICK + 10);
	}

	@Test
	void aRunWithoutItemsTellsNothing() {
		this.cost.observed(1_000_000, 0);
		this.cost.observed(-1, 10);
		assertThat(this.cost.nanosPerItem()).isEqualTo(-1);
	}

	@Test
	void workTooLargeToCountSpreadsOverEveryThread() {
		twoRuns(Long.MAX_VALUE / 200);
		assertThat(this.cost.copies(Long.MAX_VALUE / 2, 1_000, 4)).isEqualTo(4);
	}

}
