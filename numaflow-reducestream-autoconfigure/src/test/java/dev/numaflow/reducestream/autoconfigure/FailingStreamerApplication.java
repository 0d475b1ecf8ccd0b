package dev.numaflow.reducestream.autoconfigure;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;
import dev.numaflow.reducestream.errors.CriticalErrors;
import dev.numaflow.reducestream.server.ReduceStreamListener;

/**
 * An application whose streamer throws on the datum {@code boom}, and on the datum
 * {@code persist-then-boom} persists a critical error of its own before it throws, run as
 * a process of its own by {@link FailFastProcessTests} and others. With
 * {@code --test.throwing-listener=true} it also has a {@link ReduceStreamListener} bean
 * that throws from every callback.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(FailingStreamerApplication.FailingStreamer.class)
public class FailingStreamerApplication {

	public static void main(String[] args) {
		SpringApplication.run(FailingStreamerApplication.class, args);
	}

	@Bean
	@ConditionalOnBooleanProperty("test.throwing-listener")
	ReduceStreamListener throwingListener() {
		return new ThrowingListener();
	}

	@ReduceStreamerBean
	static class FailingStreamer implements ReduceStreamer {

		private final CriticalErrors criticalErrors;

		FailingStreamer(CriticalErrors criticalErrors) {
			this.criticalErrors = criticalErrors;
		}

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			if (datum.valueAsString().equals("boom")) {
				throw new IllegalStateException("boom");
			}
			if (datum.valueAsString().equals("persist-then-boom")) {
				boolean written = this.criticalErrors.persist("Invalid configuration", "the user's own fatal error",
						"checked at the first datum");
				throw new IllegalStateException("boom after persisting: " + written);
			}
			output.send(Message.of("seen:" + datum.valueAsString(), metadata.keys()));
		}

	}

	/**
	 * Throws from every callback, as a broken metrics listener of an application might.
	 */
	static class ThrowingListener implements ReduceStreamListener {

		@Override
		public void streamOpened() {
			throw new IllegalStateException("listener: streamOpened");
		}

		@Override
		public void streamClosed(Outcome outcome) {
			throw new IllegalStateException("listener: streamClosed");
		}

		@Override
		public void keySetOpened() {
			throw new IllegalStateException("listener: keySetOpened");
		}

		@Override
		public void keySetClosed() {
			throw new IllegalStateException("listener: keySetClosed");
		}

		@Override
		public void datumReceived(long watermarkMillis) {
			throw new IllegalStateException("listener: datumReceived");
		}

		@Override
		public void handlerCompleted(long nanos) {
			throw new IllegalStateException("listener: handlerCompleted");
		}

		@Override
		public void resultSent() {
			throw new IllegalStateException("listener: resultSent");
		}

		@Override
		public void error(ErrorKind kind) {
			throw new AssertionError("listener: error");
		}

	}

}
