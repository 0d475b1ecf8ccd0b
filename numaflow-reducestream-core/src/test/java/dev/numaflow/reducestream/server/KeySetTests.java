package dev.numaflow.reducestream.server;

import java.util.List;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.numaflow.reducestream.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key set's one state word, IDLE, CLAIMED, PARKED and DONE: who moves it, and that no
 * way a stream ends leaves a key set claimed or parked.
 */
class KeySetTests {

	@Test
	void aClaimMovesAnIdleKeySetToClaimed() {
		KeySet keySet = new StreamHarness().newKeySet("a");
		assertThat(keySet.claim()).isTrue();
		assertThat(keySet.state()).isEqualTo(KeySet.CLAIMED);
	}

	@Test
	void aSecondClaimFails() {
		KeySet keySet = new StreamHarness().newKeySet("a");
		keySet.claim();
		assertThat(keySet.claim()).isFalse();
		assertThat(keySet.state()).isEqualTo(KeySet.CLAIMED);
	}

	@Test
	void aDatumClaimsItsKeySetAndHandsItToThePool() {
		StreamHarness harness = new StreamHarness();
		harness.append("a", "x");
		assertThat(harness.executor.queued()).singleElement()
			.isInstanceOfSatisfying(KeySet.class, (keySet) -> assertThat(keySet.state()).isEqualTo(KeySet.CLAIMED));
	}

	@Test
	void aTurnThatEmptiesTheMailboxLeavesTheKeySetIdle() {
		StreamHarness harness = new StreamHarness();
		harness.append("a", "x");
		harness.executor.runAll();
		assertThat(harness.keySet("a").state()).isEqualTo(KeySet.IDLE);
	}

	@Test
	void aTurnThatFindsTheWriterSaturatedParksTheKeySet() {
		StreamHarness harness = new StreamHarness(2, 64, 2).echo();
		harness.call.ready(false);
		harness.append("a", "1");
		harness.append("a", "2");
		harness.append("a", "3");
		harness.executor.runAll();
		assertThat(harness.keySet("a").state()).isEqualTo(KeySet.PARKED);
	}

	@Test
	void aParkedKeySetIsClaimedAgainAndHandedToThePoolWhenTheWriterDrains() {
		StreamHarness harness = new StreamHarness(2, 64, 2).echo();
		harness.call.ready(false);
		harness.append("a", "1");
		harness.append("a", "2");
		harness.append("a", "3");
		harness.executor.runAll();
		harness.call.becomeReady();
		KeySet keySet = harness.keySet("a");
		assertThat(keySet.state()).isEqualTo(KeySet.CLAIMED);
		assertThat(harness.executor.queued()).containsExactly(keySet);
	}

	@Test
	void aResumedKeySetHandlesTheRestOfItsDatums() {
		StreamHarness harness = new StreamHarness(2, 64, 2).echo();
		harness.call.ready(false);
		harness.append("a", "1");
		harness.append("a", "2");
		harness.append("a", "3");
		harness.executor.runAll();
		harness.call.becomeReady();
		harness.executor.runAll();
		assertThat(harness.call.resultValues()).containsExactly("1", "2", "3");
	}

	@Test
	void theEndOfInputMovesTheKeySetToDoneAndReleasesItsStreamer() {
		StreamHarness harness = new StreamHarness();
		harness.append("a", "x");
		harness.halfClose();
		harness.executor.runAll();
		assertThat(harness.keySet("a").state()).isEqualTo(KeySet.DONE);
		assertThat(harness.events).contains("release:[a]").doesNotContain("cancel:[a]");
	}

	@ParameterizedTest
	@EnumSource(Failure.class)
	void aHandlerFailureMovesTheKeySetToDone(Failure failure) {
		StreamHarness harness = new StreamHarness().onDatum((datum, output, metadata) -> failure.fail());
		harness.append("a", "x");
		harness.executor.runAll();
		assertThat(harness.keySet("a").state()).isEqualTo(KeySet.DONE);
	}

	@ParameterizedTest
	@EnumSource(Failure.class)
	void aHandlerFailureEndsTheStreamWithUdfExecutionErrorOnce(Failure failure) {
		StreamHarness harness = new StreamHarness().onDatum((datum, output, metadata) -> failure.fail());
		harness.append("a", "x");
		harness.append("b", "x");
		harness.executor.runAll();
		assertThat(harness.call.ends()).singleElement().satisfies((status) -> {
			assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
			assertThat(status.getDescription()).startsWith("UDF_EXECUTION_ERROR(unknown-container): ");
		});
		assertThat(harness.handlerFailures).hasSize(1);
	}

	@Test
	void aDroppedTurnReleasesTheKeySet() {
		StreamHarness harness = new StreamHarness();
		harness.append("a", "x");
		harness.executor.runAll();
		KeySet keySet = harness.keySet("a");
		keySet.claim();
		keySet.dropped();
		assertThat(keySet.state()).isEqualTo(KeySet.DONE);
		assertThat(harness.events).containsSubsequence("cancel:[a]", "release:[a]", "keySetClosed");
	}

	@ParameterizedTest
	@EnumSource(End.class)
	void noKeySetIsLeftClaimedOrParkedOnceItsStreamEndedAndThePoolRanEverything(End end) {
		StreamHarness harness = new StreamHarness(2, 64, 5).onDatum((datum, output, metadata) -> {
			if (datum.valueAsString().equals("boom")) {
				throw new IllegalStateException("boom");
			}
			output.send(Message.of(datum.valueAsString(), metadata.keys()));
		});
		List<String> keys = List.of("a", "b", "c", "d", "e", "f");
		for (String key : keys) {
			harness.append(key, "first");
		}
		harness.executor.runAll();
		// Now a slow reader: a and b send, c fills the writer and parks, d parks, e and f
		// wait in the pool, and a has another turn queued.
		harness.call.ready(false);
		for (String key : keys) {
			harness.append(key, "x");
			harness.append(key, "x");
		}
		for (int i = 0; i < 4; i++) {
			harness.executor.runNext();
		}
		harness.append("a", "x");
		assertThat(keys.stream().map(harness::keySet).map(KeySet::state)).containsExactly(KeySet.CLAIMED, KeySet.IDLE,
				KeySet.PARKED, KeySet.PARKED, KeySet.CLAIMED, KeySet.CLAIMED);
		end.end(harness);
		harness.executor.mode(ControllableExecutor.Mode.ACCEPT);
		harness.executor.runAll();
		assertThat(harness.keySets()).hasSize(keys.size())
			.allSatisfy((keySet) -> assertThat(keySet.state()).isEqualTo(KeySet.DONE));
		assertThat(harness.count("keySetClosed")).isEqualTo(keys.size());
	}

	/** What a streamer throws. */
	enum Failure {

		RUNTIME_EXCEPTION {
			@Override
			Throwable throwable() {
				return new IllegalStateException("boom");
			}
		},

		ERROR {
			@Override
			Throwable throwable() {
				return new AssertionError("boom");
			}
		};

		abstract Throwable throwable();

		void fail() {
			Throwable failure = throwable();
			if (failure instanceof Error error) {
				throw error;
			}
			throw (RuntimeException) failure;
		}

	}

	/** Ways a stream with key sets in every state ends. */
	enum End {

		COMPLETED {
			@Override
			void end(StreamHarness harness) {
				harness.halfClose();
				harness.call.becomeReady();
			}
		},

		CANCELLED {
			@Override
			void end(StreamHarness harness) {
				harness.call.cancel();
			}
		},

		HANDLER_FAILED {
			@Override
			void end(StreamHarness harness) {
				harness.append("e", "boom");
				harness.call.becomeReady();
			}
		},

		WRITE_FAILED {
			@Override
			void end(StreamHarness harness) {
				harness.call.failWrites(new IllegalStateException("call closed"));
				harness.call.becomeReady();
			}
		},

		POOL_REFUSED {
			@Override
			void end(StreamHarness harness) {
				harness.executor.mode(ControllableExecutor.Mode.REJECT);
				harness.append("b", "x");
			}
		},

		POOL_FAILED {
			@Override
			void end(StreamHarness harness) {
				harness.executor.mode(ControllableExecutor.Mode.THROW_ERROR);
				harness.append("b", "x");
			}
		};

		abstract void end(StreamHarness harness);

	}

}
