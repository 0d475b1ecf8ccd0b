package dev.numaflow.reducestream.autoconfigure;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;

/**
 * The application of {@link StreamerFactoryBenchmark}: three prototype streamers, each
 * constructor-injected with a {@code @ConfigurationProperties} record like the counter
 * sample's: the sample's class form and its function form, one with lifecycle callbacks,
 * and one advised by an AOP advisor (the way {@code @Transactional} would advise it).
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableConfigurationProperties(StreamerBeans.BenchProperties.class)
@Import({ StreamerBeans.CounterLikeStreamer.class, StreamerBeans.LifecycleStreamer.class,
		StreamerBeans.AdvisedStreamer.class, StreamerBeans.LifecycleProbe.class })
public class StreamerBeans {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor tracedAdvisor() {
		MethodInterceptor passThrough = (invocation) -> invocation.proceed();
		return new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(Traced.class, true), passThrough);
	}

	/**
	 * The counter sample's function form: this method runs per key set.
	 * @param properties the settings
	 * @return the streamer
	 */
	@Bean
	@ReduceStreamerBean
	ReduceStreamer function(BenchProperties properties) {
		int threshold = properties.threshold();
		int[] count = new int[1];
		return ReduceStreamer.of((datum, output, metadata) -> {
			if (++count[0] > threshold) {
				output.send(Message.of("counter:" + count[0], metadata.keys()));
				count[0] = 0;
			}
		}, (output, metadata) -> output.send(Message.of("counter:" + count[0], metadata.keys())));
	}

	/**
	 * The counter sample's settings.
	 *
	 * @param threshold a count is sent when it exceeds this
	 */
	@ConfigurationProperties("bench")
	public record BenchProperties(int threshold) {
	}

	/** Marks a bean for the pass-through advisor. */
	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	public @interface Traced {

	}

	/** The counter sample's streamer. */
	@ReduceStreamerBean("counter")
	public static class CounterLikeStreamer implements ReduceStreamer {

		private final int threshold;

		private int count;

		public CounterLikeStreamer(BenchProperties properties) {
			this.threshold = properties.threshold();
		}

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			this.count++;
			if (this.count > this.threshold) {
				output.send(Message.of("counter:" + this.count, metadata.keys()));
				this.count = 0;
			}
		}

	}

	/**
	 * The same, with {@code @PostConstruct}, {@code @PreDestroy} and a context callback.
	 */
	@ReduceStreamerBean("lifecycle")
	public static class LifecycleStreamer extends CounterLikeStreamer implements ApplicationContextAware {

		private final LifecycleProbe probe;

		public LifecycleStreamer(BenchProperties properties, LifecycleProbe probe) {
			super(properties);
			this.probe = probe;
		}

		@Override
		public void setApplicationContext(ApplicationContext applicationContext) {
			// Only that it is called.
		}

		@PostConstruct
		void init() {
			this.probe.constructed++;
		}

		@PreDestroy
		void close() {
			this.probe.destroyed++;
		}

	}

	/** The same, advised. */
	@ReduceStreamerBean("advised")
	@Traced
	public static class AdvisedStreamer extends CounterLikeStreamer {

		public AdvisedStreamer(BenchProperties properties) {
			super(properties);
		}

	}

	/** Counts lifecycle callbacks (one benchmark thread). */
	public static class LifecycleProbe {

		long constructed;

		long destroyed;

		long constructed() {
			return this.constructed;
		}

		long destroyed() {
			return this.destroyed;
		}

	}

}
