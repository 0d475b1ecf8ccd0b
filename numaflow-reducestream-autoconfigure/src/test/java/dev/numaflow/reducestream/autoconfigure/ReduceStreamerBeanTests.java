package dev.numaflow.reducestream.autoconfigure;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.PostConstruct;
import org.aopalliance.intercept.MethodInterceptor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

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

	@Test
	void postConstructMethodRunsOncePerKeySetBeforeItsDatums() {
		runner().withUserConfiguration(PostConstructStreamer.class).run((context) -> {
			assertThat(OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "a", "b").resultValues())
				.containsExactlyInAnyOrder("initialized before 2 datums", "initialized before 1 datums");
			// Two key sets, two @PostConstruct calls: the next number is the third.
			assertThat(context.getBean(InstanceNumbers.class).next()).isEqualTo(3);
		});
	}

	@Test
	void advisedStreamerIsCalledThroughItsProxy() {
		runner().withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
			.withUserConfiguration(TracingAdvisorConfiguration.class, TracedStreamer.class)
			.run((context) -> {
				assertThat(OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "a", "b").resultValues())
					.hasSize(2);
				assertThat(context.getBean(TracedCalls.class).names()).containsExactlyInAnyOrder("onDatum", "onDatum",
						"onDatum", "onEndOfInput", "onEndOfInput");
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

	/**
	 * Numbers itself in {@code @PostConstruct}; sends that and its datum count at the
	 * end.
	 */
	@ReduceStreamerBean
	static class PostConstructStreamer implements ReduceStreamer {

		private final InstanceNumbers numbers;

		private int number;

		private int datums;

		PostConstructStreamer(InstanceNumbers numbers) {
			this.numbers = numbers;
		}

		@PostConstruct
		void initialize() {
			this.number = this.numbers.next();
		}

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			this.datums++;
		}

		@Override
		public void onEndOfInput(Output output, Metadata metadata) {
			String state = (this.number > 0) ? "initialized" : "not initialized";
			output.send(Message.of(state + " before " + this.datums + " datums", metadata.keys()));
		}

	}

	/** Marks a streamer for the tracing advisor. */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@interface Traced {

	}

	/** The names of the streamer methods the tracing advisor intercepted. */
	static class TracedCalls {

		private final List<String> names = new CopyOnWriteArrayList<>();

		List<String> names() {
			return this.names;
		}

	}

	/** An infrastructure advisor, as {@code @Transactional} or {@code @Async} bring. */
	@Configuration(proxyBeanMethods = false)
	static class TracingAdvisorConfiguration {

		@Bean
		TracedCalls tracedCalls() {
			return new TracedCalls();
		}

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static Advisor tracingAdvisor(ObjectProvider<TracedCalls> calls) {
			MethodInterceptor tracing = (invocation) -> {
				calls.getObject().names().add(invocation.getMethod().getName());
				return invocation.proceed();
			};
			return new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(Traced.class, true), tracing);
		}

	}

	/** Sends its key set's end; every call goes through the tracing advisor. */
	@ReduceStreamerBean
	@Traced
	static class TracedStreamer implements ReduceStreamer {

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
		}

		@Override
		public void onEndOfInput(Output output, Metadata metadata) {
			output.send(Message.of("end", metadata.keys()));
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
