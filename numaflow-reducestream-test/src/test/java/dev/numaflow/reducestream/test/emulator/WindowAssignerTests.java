package dev.numaflow.reducestream.test.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.numaflow.reducestream.IntervalWindow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WindowAssignerTests {

	private static IntervalWindow window(long startMillis, long endMillis) {
		return new IntervalWindow(Instant.ofEpochMilli(startMillis), Instant.ofEpochMilli(endMillis));
	}

	private static List<IntervalWindow> assign(WindowAssigner assigner, long millis) {
		return assigner.assign(Instant.ofEpochMilli(millis));
	}

	@Test
	void fixedWindowsAreEpochAlignedWithTheStartInclusiveAndTheEndExclusive() {
		WindowAssigner fixed = WindowAssigner.parse("fixed:60s");
		assertThat(assign(fixed, 0)).containsExactly(window(0, 60_000));
		assertThat(assign(fixed, 59_999)).containsExactly(window(0, 60_000));
		assertThat(assign(fixed, 60_000)).containsExactly(window(60_000, 120_000));
		assertThat(assign(fixed, 1_700_000_012_345L)).containsExactly(window(1_699_999_980_000L, 1_700_000_040_000L));
	}

	@Test
	void fixedWindowsBeforeTheEpochRoundDown() {
		assertThat(assign(WindowAssigner.fixed(Duration.ofSeconds(60)), -1)).containsExactly(window(-60_000, 0));
	}

	@Test
	void anEventBelongsToLengthOverSlideSlidingWindowsEarliestFirst() {
		WindowAssigner sliding = WindowAssigner.parse("sliding:60s/10s");
		assertThat(assign(sliding, 65_000)).containsExactly(window(10_000, 70_000), window(20_000, 80_000),
				window(30_000, 90_000), window(40_000, 100_000), window(50_000, 110_000), window(60_000, 120_000));
	}

	@Test
	void slidingWindowBoundariesAreStartInclusiveAndEndExclusive() {
		WindowAssigner sliding = WindowAssigner.sliding(Duration.ofSeconds(60), Duration.ofSeconds(10));
		// 60 s is the start of [60 s, 120 s) and outside [0, 60 s).
		assertThat(assign(sliding, 60_000)).first().isEqualTo(window(10_000, 70_000));
		assertThat(assign(sliding, 60_000)).last().isEqualTo(window(60_000, 120_000));
		assertThat(assign(sliding, 59_999)).first().isEqualTo(window(0, 60_000));
		assertThat(assign(sliding, 59_999)).hasSize(6).last().isEqualTo(window(50_000, 110_000));
	}

	@Test
	void aSlideThatDoesNotDivideTheLengthStillCoversEveryWindowOfTheEvent() {
		WindowAssigner sliding = WindowAssigner.parse("sliding:25s/10s");
		assertThat(assign(sliding, 30_000)).containsExactly(window(10_000, 35_000), window(20_000, 45_000),
				window(30_000, 55_000));
	}

	@Test
	void describesItselfInTheUnitsOfTheCommandLine() {
		assertThat(WindowAssigner.parse("fixed:60s")).hasToString("fixed 1m");
		assertThat(WindowAssigner.parse("sliding:90s/1500ms")).hasToString("sliding 90s every 1500ms");
	}

	@Test
	void rejectsMalformedSpecificationsWithTheExpectedForm() {
		assertThatIllegalArgumentException().isThrownBy(() -> WindowAssigner.parse("tumbling:60s"))
			.withMessageContaining("fixed:60s or sliding:60s/10s");
		assertThatIllegalArgumentException().isThrownBy(() -> WindowAssigner.parse("fixed:sixty"))
			.withMessageContaining("'sixty' is not a duration");
		assertThatIllegalArgumentException().isThrownBy(() -> WindowAssigner.parse("sliding:10s/60s"))
			.withMessageContaining("at most the window length");
	}

	@Test
	void rejectsALengthWithoutAUnitInsteadOfReadingItAsMilliseconds() {
		assertThatIllegalArgumentException().isThrownBy(() -> WindowAssigner.parse("fixed:10"))
			.withMessage("'10' has no unit: write 10s, 10ms, 10m or 10h (in 'fixed:10')");
		assertThatIllegalArgumentException().isThrownBy(() -> WindowAssigner.parse("sliding:60s/10"))
			.withMessageContaining("'10' has no unit");
		assertThat(WindowAssigner.duration("0", null)).isZero();
	}

}
