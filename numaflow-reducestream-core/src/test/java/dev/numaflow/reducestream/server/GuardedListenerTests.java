package dev.numaflow.reducestream.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The fault boundary around the application's listeners: each listener is told on its
 * own, whatever the others throw, and a failing one is logged at WARN at most once a
 * minute.
 */
class GuardedListenerTests {

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(GuardedListener.class);

	private final List<String> told = new ArrayList<>();

	@BeforeEach
	void capture() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.appender);
	}

	private List<ILoggingEvent> warnings() {
		return this.appender.list.stream().filter((event) -> event.getLevel() == Level.WARN).toList();
	}

	@ParameterizedTest
	@EnumSource(KeySetTests.Failure.class)
	void aListenerThatThrowsDoesNotKeepTheNextFromBeingTold(KeySetTests.Failure failure) {
		ReduceStreamListener listener = ReduceStreamListener
			.composite(List.of(new ThrowingListener(failure), new RecordingListener()));
		listener.streamClosed(ReduceStreamListener.Outcome.OK);
		assertThat(this.told).containsExactly("streamClosed:OK");
	}

	@ParameterizedTest
	@EnumSource(KeySetTests.Failure.class)
	void aListenerThatThrowsFromEveryCallbackNeverThrowsToTheCaller(KeySetTests.Failure failure) {
		ReduceStreamListener listener = ReduceStreamListener.composite(List.of(new ThrowingListener(failure)));
		assertThatNoException().isThrownBy(() -> {
			listener.streamOpened();
			listener.keySetOpened();
			listener.datumReceived(0);
			listener.handlerCompleted(1);
			assertThat(listener.timesHandlers()).isTrue();
			listener.resultSent();
			listener.keySetClosed();
			listener.error(ReduceStreamListener.ErrorKind.RUNTIME);
			listener.streamClosed(ReduceStreamListener.Outcome.ERROR);
		});
	}

	@Test
	void twoFailuresWithinAMinuteAreLoggedAtWarnOnceNamingTheListener() {
		ReduceStreamListener listener = ReduceStreamListener
			.composite(List.of(new ThrowingListener(KeySetTests.Failure.RUNTIME_EXCEPTION)));
		listener.resultSent();
		listener.resultSent();
		assertThat(warnings()).singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage()).contains(ThrowingListener.class.getName()));
	}

	@Test
	void eachFailingListenerHasItsOwnWarning() {
		ReduceStreamListener listener = ReduceStreamListener
			.composite(List.of(new ThrowingListener(KeySetTests.Failure.ERROR), new OtherThrowingListener()));
		listener.resultSent();
		assertThat(warnings()).hasSize(2);
	}

	@Test
	void userCodeIsTimedWhileAnyListenerWantsTheTimes() {
		AtomicBoolean wanted = new AtomicBoolean();
		ReduceStreamListener choosy = new ReduceStreamListener() {
			@Override
			public boolean timesHandlers() {
				return wanted.get();
			}
		};
		ReduceStreamListener alone = ReduceStreamListener.composite(List.of(choosy));
		assertThat(alone.timesHandlers()).isFalse();
		wanted.set(true);
		assertThat(alone.timesHandlers()).isTrue();
		wanted.set(false);
		assertThat(ReduceStreamListener.composite(List.of(choosy, new RecordingListener())).timesHandlers()).isTrue();
	}

	@Test
	void aCompositeOfNoListenersIsNone() {
		assertThat(ReduceStreamListener.composite(List.of())).isSameAs(ReduceStreamListener.NONE);
	}

	@Test
	void aCompositeOfOnlyNoneIsNone() {
		assertThat(ReduceStreamListener.composite(List.of(ReduceStreamListener.NONE)))
			.isSameAs(ReduceStreamListener.NONE);
	}

	@Test
	void aCompositeOfCompositesTellsEachListenerOnce() {
		ReduceStreamListener inner = ReduceStreamListener.composite(List.of(new RecordingListener()));
		ReduceStreamListener outer = ReduceStreamListener.composite(List.of(inner, new RecordingListener()));
		outer.keySetOpened();
		assertThat(this.told).containsExactly("keySetOpened", "keySetOpened");
	}

	/** Throws from every callback. */
	static class ThrowingListener implements ReduceStreamListener {

		private final KeySetTests.Failure failure;

		ThrowingListener(KeySetTests.Failure failure) {
			this.failure = failure;
		}

		@Override
		public void streamOpened() {
			this.failure.fail();
		}

		@Override
		public void streamClosed(Outcome outcome) {
			this.failure.fail();
		}

		@Override
		public void keySetOpened() {
			this.failure.fail();
		}

		@Override
		public void keySetClosed() {
			this.failure.fail();
		}

		@Override
		public void datumReceived(long watermarkMillis) {
			this.failure.fail();
		}

		@Override
		public void handlerCompleted(long nanos) {
			this.failure.fail();
		}

		@Override
		public void resultSent() {
			this.failure.fail();
		}

		@Override
		public void error(ErrorKind kind) {
			this.failure.fail();
		}

	}

	/** Another class of throwing listener. */
	static final class OtherThrowingListener extends ThrowingListener {

		OtherThrowingListener() {
			super(KeySetTests.Failure.RUNTIME_EXCEPTION);
		}

	}

	private final class RecordingListener implements ReduceStreamListener {

		@Override
		public void streamClosed(Outcome outcome) {
			GuardedListenerTests.this.told.add("streamClosed:" + outcome);
		}

		@Override
		public void keySetOpened() {
			GuardedListenerTests.this.told.add("keySetOpened");
		}

	}

}
