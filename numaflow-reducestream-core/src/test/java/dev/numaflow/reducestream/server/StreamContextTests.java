package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.numaflow.reducestream.codec.PayloadCodecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * What every stream of a server shares: the stream count, the listener behind its guard,
 * and the failure policy.
 */
class StreamContextTests {

	private static StreamContext context(ReduceStreamListener listener, Consumer<Throwable> policy) {
		return new StreamContext(new ControllableExecutor(), null, (metadata) -> (datum, output, md) -> {
		}, PayloadCodecs.defaultCodec(), TestServers.settings(Path.of("/tmp/unit-tests")), listener, policy);
	}

	@Test
	void aStreamCountsAsActiveFromItsStartToItsEnd() {
		StreamContext context = context(ReduceStreamListener.NONE, (cause) -> {
		});
		context.streamStarted();
		context.streamStarted();
		context.streamEnded(ReduceStreamListener.Outcome.OK);
		assertThat(context.activeStreams()).isEqualTo(1);
		assertThat(context.streamsStarted()).isEqualTo(2);
	}

	@Test
	void aFailurePolicyThatThrowsDoesNotEscape() {
		StreamContext context = context(ReduceStreamListener.NONE, (cause) -> {
			throw new IllegalStateException("the policy failed");
		});
		assertThatNoException().isThrownBy(() -> context.handlerFailed(new IllegalStateException("boom")));
	}

	@Test
	void theListenerIsBehindItsGuard() {
		StreamContext context = context(new ReduceStreamListener() {
			@Override
			public void streamOpened() {
				throw new AssertionError("a broken listener");
			}
		}, (cause) -> {
		});
		assertThatNoException().isThrownBy(context::streamStarted);
	}

	@Test
	void userCodeIsTimedOnlyForAListener() {
		assertThat(context(ReduceStreamListener.NONE, (cause) -> {
		}).timed()).isFalse();
	}

}
