package dev.numaflow.reducestream.test;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.autoconfigure.ReduceStreamProperties;
import dev.numaflow.reducestream.codec.PayloadCodec;
import dev.numaflow.reducestream.errors.CriticalErrors;
import dev.numaflow.reducestream.server.ManualTimerClock;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.server.StreamerThreads;

/**
 * The beans of a {@link ReduceStreamTest}: the recording around the application's
 * streamer factory, the clients, and the tester. Registered by the test's context
 * customizer, and deliberately not a {@code @Configuration}, so that component scanning
 * never picks it up.
 */
class ReduceStreamTestConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ReduceStreamTestConfiguration.class);

	static final String TIMEOUT_PROPERTY = "numaflow.reducestream.test.timeout";

	@Bean
	static RecordingPostProcessor reduceStreamTestRecordingPostProcessor() {
		return new RecordingPostProcessor();
	}

	/**
	 * The clock of the streamers' timers, on the socket and in process: moved by tests.
	 */
	@Bean
	ManualTimerClock reduceStreamTestTimerClock() {
		return new ManualTimerClock();
	}

	@Bean
	TestClients reduceStreamTestClients(ObjectProvider<ReduceStreamerFactory> factory,
			ObjectProvider<ReduceStreamProperties> properties, ObjectProvider<ReduceStreamServer> server,
			ManualTimerClock timerClock, ObjectProvider<PayloadCodec> codec) {
		return new TestClients(factory, properties, server, timerClock, codec);
	}

	@Bean
	ReduceStreamTester reduceStreamTester(Environment environment, RecordingPostProcessor recording,
			TestClients clients, ManualTimerClock timerClock, ObjectProvider<CriticalErrors> criticalErrors) {
		Transport transport = environment.getProperty(ReduceStreamTestContextCustomizer.TRANSPORT_PROPERTY,
				Transport.class, Transport.IN_PROCESS);
		if (transport == Transport.IN_PROCESS && environment.getProperty("numaflow.reducestream.streamer-threads",
				StreamerThreads.class, StreamerThreads.HANDLER_POOL) == StreamerThreads.TRANSPORT) {
			logger.warn("numaflow.reducestream.streamer-threads=transport is set, but the test kit's in-process"
					+ " transport has no transport thread: the streamers run on the handler pool here."
					+ " @ReduceStreamTest(transport = Transport.UNIX_SOCKET) runs them on the transport thread,"
					+ " as the pod does");
		}
		Duration timeout = environment.getProperty(TIMEOUT_PROPERTY, Duration.class, Duration.ofSeconds(10));
		return new DefaultReduceStreamTester(transport, () -> clients.client(transport), recording.activity, timeout,
				new TestTimers(timerClock, timeout), clients.codec(), () -> {
					CriticalErrors writer = criticalErrors.getIfAvailable();
					return (writer != null) ? writer.containerDirectory() : null;
				});
	}

	/**
	 * Wraps the application's streamer factory to count what each window's streamers do.
	 */
	static final class RecordingPostProcessor implements BeanPostProcessor {

		final StreamActivity activity = new StreamActivity();

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
			if (bean instanceof ReduceStreamerFactory factory && !(bean instanceof RecordingStreamerFactory)) {
				return new RecordingStreamerFactory(factory, this.activity);
			}
			return bean;
		}

	}

}
