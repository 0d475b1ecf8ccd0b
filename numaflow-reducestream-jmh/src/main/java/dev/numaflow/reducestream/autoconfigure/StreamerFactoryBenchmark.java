package dev.numaflow.reducestream.autoconfigure;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.autoconfigure.StreamerBeans.BenchProperties;
import dev.numaflow.reducestream.autoconfigure.StreamerBeans.CounterLikeStreamer;
import dev.numaflow.reducestream.autoconfigure.StreamerBeans.LifecycleProbe;

/**
 * What a streamer per key set costs: {@code ReduceStreamerFactory.create} +
 * {@code release} of the auto-configured factory on a real Spring Boot context (the one
 * chosen for the bean at start-up, and {@code getBean} + {@code destroyBean} always),
 * against {@code new}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StreamerFactoryBenchmark {

	private static final Metadata METADATA = new Metadata(List.of("k0"),
			new IntervalWindow(Instant.ofEpochSecond(60), Instant.ofEpochSecond(120)));

	/** A Spring Boot context with the streamers of {@link StreamerBeans}, per trial. */
	@State(Scope.Benchmark)
	public static class Context {

		/**
		 * Which prototype: {@code counter} (the sample's class), {@code function} (its
		 * {@code @Bean} method form), {@code lifecycle} or {@code advised}.
		 */
		@Param({ "counter", "function", "lifecycle", "advised" })
		public String streamer = "counter";

		/**
		 * Which factory: {@code chosen} (what the auto-configuration picks for the bean
		 * at start-up: its constructor where nothing of Spring's applies, else
		 * {@code getBean}) or {@code getBean} (always {@code getBean} and
		 * {@code destroyBean}, the factory before that choice).
		 */
		@Param({ "chosen", "getBean" })
		public String path = "chosen";

		ConfigurableApplicationContext context;

		ReduceStreamerFactory factory;

		@Setup(Level.Trial)
		public void start() {
			SpringApplication application = new SpringApplication(StreamerBeans.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			application.setLogStartupInfo(false);
			// The reduce stream server stays off: only its factory is measured.
			this.context = application.run("--numaflow.reducestream.enabled=false", "--bench.threshold=20",
					"--spring.main.banner-mode=off", "--logging.level.root=warn");
			this.factory = this.path.equals("getBean")
					? new BeanFactoryReduceStreamerFactory(this.context.getBeanFactory(), this.streamer)
					: StreamerBeanInspector.factoryFor(this.context.getBeanFactory(), this.streamer);
			ReduceStreamer sample = this.factory.create(METADATA);
			boolean advised = AopUtils.isAopProxy(sample);
			if (advised != this.streamer.equals("advised")) {
				throw new IllegalStateException(this.streamer + " is " + (advised ? "" : "not ") + "an AOP proxy");
			}
			this.factory.release(sample);
		}

		@TearDown(Level.Trial)
		public void stop(BenchmarkParams params) {
			LifecycleProbe probe = this.context.getBean(LifecycleProbe.class);
			boolean released = !params.getBenchmark().endsWith("createOnly");
			if (this.streamer.equals("lifecycle") && released && probe.constructed() != probe.destroyed()) {
				throw new IllegalStateException(
						probe.constructed() + " @PostConstruct but " + probe.destroyed() + " @PreDestroy calls");
			}
			this.context.close();
		}

	}

	/** The counter sample's properties, for {@code new}. */
	@State(Scope.Benchmark)
	public static class Plain {

		final BenchProperties properties = new BenchProperties(20);

		/**
		 * The escape hatch: the application's own factory bean, with no Spring per
		 * instance.
		 */
		final ReduceStreamerFactory applicationFactory = (metadata) -> new CounterLikeStreamer(this.properties);

	}

	/**
	 * A streamer per key set from the factory, released when the key set ends.
	 * @param context the Spring context
	 * @return the streamer
	 */
	@Benchmark
	public ReduceStreamer createAndRelease(Context context) {
		ReduceStreamer streamer = context.factory.create(METADATA);
		context.factory.release(streamer);
		return streamer;
	}

	/**
	 * {@code create} alone: {@link #createAndRelease} minus this is the release.
	 * @param context the Spring context
	 * @return the streamer
	 */
	@Benchmark
	public ReduceStreamer createOnly(Context context) {
		return context.factory.create(METADATA);
	}

	/**
	 * An application's {@code ReduceStreamerFactory} bean (it replaces the
	 * auto-configured one): {@code new} behind the interface, the default no-op release.
	 * @param plain the factory
	 * @return the streamer
	 */
	@Benchmark
	public ReduceStreamer applicationFactory(Plain plain) {
		ReduceStreamer streamer = plain.applicationFactory.create(METADATA);
		plain.applicationFactory.release(streamer);
		return streamer;
	}

	/**
	 * The reference: a plain object, nothing on release.
	 * @param plain the properties
	 * @return the streamer
	 */
	@Benchmark
	public ReduceStreamer newInstance(Plain plain) {
		return new CounterLikeStreamer(plain.properties);
	}

}
