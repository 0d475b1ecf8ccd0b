package dev.numaflow.reducestream.server;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler timer of a turn: one lap per item, handed to the listener once.
 */
class TurnTimerTests {

	private final List<Long> handlerTimes = new ArrayList<>();

	@Test
	void aTurnTimerHandsEachLapToTheListenerOnFlush() {
		TurnTimer timer = TurnTimer.start();
		timer.lap();
		timer.lap();
		timer.flush(new TimeRecorder());
		assertThat(this.handlerTimes).hasSize(2).allSatisfy((nanos) -> assertThat(nanos).isNotNegative());
	}

	@Test
	void aTurnTimerHandsEachLapOverOnce() {
		TurnTimer timer = TurnTimer.start();
		timer.lap();
		timer.flush(new TimeRecorder());
		timer.flush(new TimeRecorder());
		assertThat(this.handlerTimes).hasSize(1);
	}

	@Test
	void aStartedTurnTimerForgetsTheLapsOfTheTurnBefore() {
		TurnTimer.start().lap();
		TurnTimer.start().flush(new TimeRecorder());
		assertThat(this.handlerTimes).isEmpty();
	}

	private final class TimeRecorder implements ReduceStreamListener {

		@Override
		public void handlerCompleted(long nanos) {
			TurnTimerTests.this.handlerTimes.add(nanos);
		}

	}

}
