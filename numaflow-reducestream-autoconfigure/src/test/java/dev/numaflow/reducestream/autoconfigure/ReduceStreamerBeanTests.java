package dev.numaflow.reducestream.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.AutoCloseableStreamer;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.Destructions;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.Greeting;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.GreetingStreamer;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.InstanceNumbers;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.NumberedStreamer;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.PreDestroyStreamer;
import dev.numaflow.reducestream.server.ReduceStreamServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of a {@code @ReduceStreamerBean} served by the auto-configured server, over its
 * real socket: one new instance per (window, key set), with injection, destroyed when its
 * key set finishes. Each window has key sets {@code a} (two datums) and {@code b} (one).
 */
class ReduceStreamerBeanTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReduceStreamAutoConfiguration.class))
			.withPropertyValues("numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"))
			.withBean(InstanceNumbers.class)
			.withBean(Greeting.class, () -> new Greeting("hello from the context"))
			.withBean(Destructions.class);
	}

	@Test
	void classFormGivesEachKeySetItsOwnInstance() {
		runner().withUserConfiguration(NumberedStreamer.class)
			.run((context) -> assertThat(
					OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "a", "b").resultValues())
				.hasSize(2)
				.doesNotHaveDuplicates());
	}

	@Test
	void classFormGetsOtherBeansThroughItsConstructor() {
		runner().withUserConfiguration(GreetingStreamer.class)
			.run((context) -> assertThat(
					OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "a", "b").resultValues())
				.containsOnly("hello from the context"));
	}

	@Test
	void functionFormGivesEachKeySetItsOwnInstance() {
		runner().withUserConfiguration(NumberedFunctionConfiguration.class)
			.run((context) -> assertThat(
					OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "a", "b").resultValues())
				.hasSize(2)
				.doesNotHaveDuplicates());
	}

	@Test
	void functionFormGetsOtherBeansAsBeanMethodParameters() {
		runner().withUserConfiguration(GreetingFunctionConfiguration.class)
			.run((context) -> assertThat(
					OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "a", "b").resultValues())
				.containsOnly("hello from the context"));
	}

	@Test
	void autoCloseableStreamerIsClosedWhenItsKeySetFinishes() {
		runner().withUserConfiguration(AutoCloseableStreamer.class).run((context) -> {
			OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "a", "b");
			Destructions destructions = context.getBean(Destructions.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(destructions.count()).isEqualTo(2));
		});
	}

	@Test
	void preDestroyMethodRunsWhenItsKeySetFinishes() {
		runner().withUserConfiguration(PreDestroyStreamer.class).run((context) -> {
			OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "a", "b");
			Destructions destructions = context.getBean(Destructions.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(destructions.count()).isEqualTo(2));
		});
	}

	@Test
	void functionFormAutoCloseableStreamerIsClosedWhenItsKeySetFinishes() {
		runner().withUserConfiguration(AutoCloseableFunctionConfiguration.class).run((context) -> {
			OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "a", "b");
			Destructions destructions = context.getBean(Destructions.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(destructions.count()).isEqualTo(2));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class NumberedFunctionConfiguration {

		@Bean
		@ReduceStreamerBean
		ReduceStreamer numberedFunction(InstanceNumbers numbers) {
			int number = numbers.next();
			return ReduceStreamer.of((datum, output, metadata) -> {
			}, (output, metadata) -> output.send(Message.of("instance-" + number, metadata.keys())));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GreetingFunctionConfiguration {

		@Bean
		@ReduceStreamerBean
		ReduceStreamer greetingFunction(Greeting greeting) {
			return ReduceStreamer.of(
					(datum, output, metadata) -> output.send(Message.of(greeting.text(), metadata.keys())),
					(output, metadata) -> {
					});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AutoCloseableFunctionConfiguration {

		@Bean
		@ReduceStreamerBean
		ReduceStreamer autoCloseableFunction(Destructions destructions) {
			return new ClosingStreamer(destructions);
		}

	}

	/** A streamer that is not annotated itself, returned by a {@code @Bean} method. */
	static class ClosingStreamer implements ReduceStreamer, AutoCloseable {

		private final Destructions destructions;

		ClosingStreamer(Destructions destructions) {
			this.destructions = destructions;
		}

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
		}

		@Override
		public void close() {
			this.destructions.record();
		}

	}

}
