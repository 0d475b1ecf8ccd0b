package dev.numaflow.reducestream.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A key set's timer on a {@link ManualTimerClock}, a {@link ControllableExecutor} and a
 * {@link FakeCall}: a firing takes the same claim as a datum, so {@code onTimer} is one
 * more item of the key set's turns, under the same flow control, and never after the
 * window has closed.
 */
class KeySetTimerTests {

	private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

	/** Each datum sets a repeating timer of the interval it carries, in seconds. */
	private static StreamHarness ticking() {
		return new StreamHarness()
			.onDatum((datum, output, metadata) -> output.timers()
				.every(Duration.ofSeconds(Long.parseLong(datum.valueAsString()))))
			.onTimer((output, metadata) -> output.send(Message.of("tick", metadata.keys())));
	}

	@Test
	void aTimerThatFallsDueClaimsTheIdleKeySetAndHandsItToThePool() {
		StreamHarness harness = ticking();
		harness.append("a", "5");
		harness.executor.runAll();
		assertThat(harness.clock.advance(FIVE_SECONDS)).isOne();
		assertThat(harness.executor.queued()).singleElement()
			.isInstanceOfSatisfying(KeySet.class, (keySet) -> assertThat(keySet.state()).isEqualTo(KeySet.CLAIMED));
		harness.executor.runAll();
		assertThat(harness.call.resultValues()).containsExactly("tick");
		assertThat(harness.keySet("a").state()).isEqualTo(KeySet.IDLE);
		assertThat(harness.clock.pendingFirings()).isZero();
	}

	@Test
	void aRepeatingTimerFiresOnEveryIntervalWithNoDatumArriving() {
		StreamHarness harness = ticking();
		harness.append("a", "5");
		harness.executor.runAll();
		for (int i = 0; i < 3; i++) {
			harness.clock.advance(FIVE_SECONDS);
			harness.executor.runAll();
		}
		assertThat(harness.call.resultValues()).containsExactly("tick", "tick", "tick");
	}

	@Test
	void nothingFiresBeforeItIsDue() {
		StreamHarness harness = ticking();
		harness.append("a", "5");
		harness.executor.runAll();
		assertThat(harness.clock.advance(Duration.ofMillis(4999))).isZero();
		assertThat(harness.executor.queued()).isEmpty();
	}

	@Test
	void theSameIntervalAgainKeepsTheTimersPhase() {
		StreamHarness harness = ticking();
		harness.append("a", "5");
		harness.executor.runAll();
		harness.clock.advance(Duration.ofSeconds(3));
		harness.append("a", "5");
		harness.executor.runAll();
		assertThat(harness.clock.advance(Duration.ofSeconds(2))).isOne();
	}

	@Test
	void anotherIntervalReplacesTheTimer() {
		StreamHarness harness = ticking();
		harness.append("a", "5");
		harness.executor.runAll();
		harness.clock.advance(Duration.ofSeconds(3));
		harness.append("a", "10");
		harness.executor.runAll();
		assertThat(harness.clock.advance(Duration.ofSeconds(9))).isZero();
		assertThat(harness.clock.advance(Duration.ofSeconds(1))).isOne();
	}

	@Test
	void aTimerSetWithAfterFiresOnce() {
		StreamHarness harness = new StreamHarness()
			.onDatum((datum, output, metadata) -> output.timers().after(FIVE_SECONDS));
		harness.append("a", "x");
		harness.executor.runAll();
		assertThat(harness.clock.advance(FIVE_SECONDS)).isOne();
		harness.executor.runAll();
		assertThat(harness.clock.untilNextTimer()).isNull();
		assertThat(harness.clock.advance(Duration.ofHours(1))).isZero();
		assertThat(harness.count("timer:[a]")).isOne();
	}

	@Test
	void aCancelledTimerNoLongerFires() {
		StreamHarness harness = ticking().onTimer((output, metadata) -> output.timers().cancel());
		harness.append("a", "5");
		harness.executor.runAll();
		harness.clock.advance(FIVE_SECONDS);
		harness.executor.runAll();
		assertThat(harness.clock.advance(Duration.ofHours(1))).isZero();
		assertThat(harness.count("timer:[a]")).isOne();
	}

	@Test
	void firingsThatFallDueBeforeTheKeySetsTurnMergeIntoOneCall() {
		StreamHarness harness = ticking();
		harness.append("a", "5");
		harness.executor.runAll();
		harness.clock.advance(FIVE_SECONDS);
		assertThat(harness.clock.advance(FIVE_SECONDS)).isZero();
		harness.executor.runAll();
		assertThat(harness.count("timer:[a]")).isOne();
		assertThat(harness.clock.pendingFirings()).isZero();
	}

	@Test
	void aFiringAfterTheTurnsLastLookIsTakenByTheNextTurn() {
		// One request per datum handled: the turn asks for more after its last look at
		// the timer, still holding the claim, and the timer fires right then.
		StreamHarness harness = new StreamHarness(2, 2, 64)
			.onDatum((datum, output, metadata) -> output.timers().after(FIVE_SECONDS));
		harness.append("a", "x");
		harness.executor.runAll();
		harness.call.onNextRequest(() -> assertThat(harness.clock.advance(FIVE_SECONDS)).isOne());
		harness.append("a", "y");
		harness.executor.runAll();
		assertThat(harness.count("timer:[a]")).isOne();
		assertThat(harness.keySet("a").state()).isEqualTo(KeySet.IDLE);
	}

	@Test
	void aFiringDuringACallIsTakenByTheSameTurn() {
		StreamHarness harness = new StreamHarness();
		harness.onDatum((datum, output, metadata) -> {
			if (datum.valueAsString().equals("set")) {
				output.timers().after(FIVE_SECONDS);
			}
			else {
				// The clock fires while this turn holds the claim: its hand-off fails.
				assertThat(harness.clock.advance(FIVE_SECONDS)).isOne();
			}
		});
		harness.append("a", "set");
		harness.executor.runAll();
		harness.append("a", "advance");
		harness.executor.runAll();
		assertThat(harness.events).containsSubsequence("create:[a]", "timer:[a]");
		assertThat(harness.keySet("a").state()).isEqualTo(KeySet.IDLE);
	}

	@Test
	void aTimerAsSlowAsItsIntervalLetsTheDatumsTakeTheirTurns() {
		List<String> calls = new ArrayList<>();
		StreamHarness harness = new StreamHarness();
		harness.onDatum((datum, output, metadata) -> {
			calls.add(datum.valueAsString());
			if (datum.valueAsString().equals("set")) {
				output.timers().every(FIVE_SECONDS);
			}
		}).onTimer((output, metadata) -> {
			calls.add("timer");
			if (calls.stream().filter("timer"::equals).count() < 5) {
				// As slow as its interval: the next firing falls due during this call.
				harness.clock.advance(FIVE_SECONDS);
			}
		});
		harness.append("a", "set");
		harness.executor.runAll();
		harness.append("a", "1");
		harness.append("a", "2");
		harness.clock.advance(FIVE_SECONDS);
		harness.executor.runAll();
		assertThat(calls).startsWith("set", "timer", "1", "2").endsWith("timer").hasSize(8);
	}

	@Test
	void aTimerSentResultCannotCarryAReservedTag() {
		StreamHarness harness = ticking().onTimer(
				(output, metadata) -> output.sendValue(Map.of("n", 1), metadata.keys(), List.of(Message.FAIL_TAG)));
		harness.append("a", "5");
		harness.executor.runAll();
		harness.clock.advance(FIVE_SECONDS);
		harness.executor.runAll();
		assertThat(harness.call.ends()).singleElement()
			.satisfies((status) -> assertThat(status.getDescription()).contains("IllegalArgumentException")
				.contains(Message.FAIL_TAG));
	}

	@Test
	void theTimerTakesItsTurnInOrderWithTheDatums() {
		List<String> calls = new ArrayList<>();
		StreamHarness harness = new StreamHarness().onDatum((datum, output, metadata) -> {
			calls.add(datum.valueAsString());
			output.timers().after(FIVE_SECONDS);
		}).onTimer((output, metadata) -> calls.add("timer"));
		harness.append("a", "1");
		harness.executor.runAll();
		harness.append("a", "2");
		harness.clock.advance(FIVE_SECONDS);
		harness.executor.runAll();
		assertThat(calls).containsExactly("1", "timer", "2");
	}

	@Test
	void aTimerDoesNotRunWhileTheWriterIsSaturatedButOnceItDrains() {
		StreamHarness harness = new StreamHarness(2, 64, 2).echo();
		harness.onTimer((output, metadata) -> output.send(Message.of("tick", metadata.keys())));
		harness.append("a", "1");
		harness.executor.runAll();
		harness.keySet("a").timers().after(FIVE_SECONDS);
		harness.call.ready(false);
		harness.append("a", "2");
		harness.append("a", "3");
		harness.executor.runAll();
		harness.clock.advance(FIVE_SECONDS);
		harness.executor.runAll();
		assertThat(harness.keySet("a").state()).isEqualTo(KeySet.PARKED);
		assertThat(harness.events).doesNotContain("timer:[a]");
		harness.call.becomeReady();
		harness.executor.runAll();
		assertThat(harness.call.resultValues()).containsExactly("1", "2", "3", "tick");
	}

	@Test
	void aTimerThatFallsDueAfterTheHalfCloseIsNotCalled() {
		StreamHarness harness = ticking();
		harness.append("a", "5");
		harness.executor.runAll();
		harness.halfClose();
		harness.clock.advance(FIVE_SECONDS);
		harness.executor.runAll();
		assertThat(harness.events).doesNotContain("timer:[a]");
		assertThat(harness.call.log()).containsExactly("eof:60000", "OK");
		assertThat(harness.clock.pendingFirings()).isZero();
	}

	@Test
	void theEndOfInputStopsTheTimer() {
		StreamHarness harness = ticking();
		harness.append("a", "5");
		harness.halfClose();
		harness.executor.runAll();
		assertThat(harness.clock.untilNextTimer()).isNull();
		assertThat(harness.clock.advance(Duration.ofHours(1))).isZero();
	}

	@Test
	void aTimerSetOnceTheKeySetHasFinishedDoesNothing() {
		List<Output> outputs = new ArrayList<>();
		StreamHarness harness = new StreamHarness().onEndOfInput((output, metadata) -> outputs.add(output));
		harness.append("a", "x");
		harness.halfClose();
		harness.executor.runAll();
		outputs.get(0).timers().every(FIVE_SECONDS);
		assertThat(harness.clock.untilNextTimer()).isNull();
	}

	@Test
	void aCancelledStreamStopsItsTimers() {
		StreamHarness harness = ticking();
		harness.append("a", "5");
		harness.append("b", "5");
		harness.executor.runAll();
		harness.call.cancel();
		harness.executor.runAll();
		assertThat(harness.clock.untilNextTimer()).isNull();
		assertThat(harness.clock.advance(Duration.ofHours(1))).isZero();
		assertThat(harness.events).doesNotContain("timer:[a]", "timer:[b]").contains("cancel:[a]", "cancel:[b]");
	}

	@Test
	void anOnTimerThatThrowsEndsTheStreamWithUdfExecutionErrorAndStopsEveryTimer() {
		StreamHarness harness = ticking().onTimer((output, metadata) -> {
			throw new IllegalStateException("timer boom");
		});
		harness.append("a", "5");
		harness.append("b", "7");
		harness.executor.runAll();
		harness.clock.advance(FIVE_SECONDS);
		harness.executor.runAll();
		assertThat(harness.call.ends()).singleElement().satisfies((status) -> {
			assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
			assertThat(status.getDescription()).startsWith("UDF_EXECUTION_ERROR(unknown-container): ")
				.contains("timer boom");
		});
		assertThat(harness.handlerFailures).hasSize(1);
		assertThat(harness.clock.untilNextTimer()).isNull();
		assertThat(harness.keySets()).allSatisfy((keySet) -> assertThat(keySet.state()).isEqualTo(KeySet.DONE));
	}

	@Test
	void aFiringThePoolRefusesEndsTheStreamAndReleasesTheKeySet() {
		StreamHarness harness = ticking();
		harness.append("a", "5");
		harness.executor.runAll();
		harness.executor.mode(ControllableExecutor.Mode.REJECT);
		harness.clock.advance(FIVE_SECONDS);
		assertThat(harness.keySet("a").state()).isEqualTo(KeySet.DONE);
		assertThat(harness.events).containsSubsequence("cancel:[a]", "release:[a]", "keySetClosed");
		assertThat(harness.call.ends()).singleElement()
			.satisfies((status) -> assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		assertThat(harness.clock.pendingFirings()).isZero();
	}

	@Test
	void durationsOutsideOneMillisecondToOneYearAreRefusedNamingTheCall() {
		Output output = new StreamHarness().newKeySet("a");
		assertThatIllegalArgumentException().isThrownBy(() -> output.timers().every(Duration.ZERO))
			.withMessage("timers().every(PT0S): the duration must be at least 1 ms and at most 365 days");
		assertThatIllegalArgumentException().isThrownBy(() -> output.timers().every(Duration.ofSeconds(-1)))
			.withMessageStartingWith("timers().every(PT-1S)");
		assertThatIllegalArgumentException().isThrownBy(() -> output.timers().after(Duration.ofNanos(999_999)))
			.withMessageStartingWith("timers().after(PT0.000999999S)");
		assertThatIllegalArgumentException().isThrownBy(() -> output.timers().after(Duration.ofDays(366)))
			.withMessageStartingWith("timers().after(PT8784H)");
	}

	@Test
	void aKeySetWithoutTimerHasNone() {
		StreamHarness harness = new StreamHarness().echo();
		harness.append("a", "x");
		harness.executor.runAll();
		assertThat(harness.keySet("a").dueTimer()).isNull();
		assertThat(harness.clock.untilNextTimer()).isNull();
	}

}
