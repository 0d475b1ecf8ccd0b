package dev.numaflow.reducestream.autoconfigure;

import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.Configurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.numaflow.reducestream.autoconfigure.TestStreamers.EchoStreamer;
import dev.numaflow.reducestream.metrics.ReduceStreamMetrics;
import dev.numaflow.reducestream.server.ReduceStreamServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReduceStreamMetricsAutoConfiguration}.
 */
class ReduceStreamMetricsAutoConfigurationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReduceStreamMetricsAutoConfiguration.class,
					ReduceStreamAutoConfiguration.class, MetricsAutoConfiguration.class))
			.withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"),
					"numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false");
	}

	@Test
	void registersTheMetersWhenAMeterRegistryBeanExists() {
		runner().withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(
					context.getBean(MeterRegistry.class).get("numaflow.reducestream.streams.active").gauge().value())
				.isZero());
	}

	@Test
	void theHandlerTimerTurnedOffWithBootsPropertyStopsTheTimingOfUserCode() {
		runner().withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context.getBean(ReduceStreamMetrics.class).timesHandlers()).isTrue());
		runner().withBean(SimpleMeterRegistry.class)
			.withPropertyValues("management.metrics.enable.numaflow.reducestream.handler=false")
			.run((context) -> {
				assertThat(context.getBean(ReduceStreamMetrics.class).timesHandlers()).isFalse();
				assertThat(context.getBean(MeterRegistry.class).find("numaflow.reducestream.handler").timer()).isNull();
				assertThat(context.getBean(MeterRegistry.class).find("numaflow.reducestream.datums").counter())
					.isNotNull();
			});
	}

	@Test
	void backsOffWithoutAMeterRegistryBean() {
		runner().run((context) -> assertThat(context).hasSingleBean(ReduceStreamServer.class)
			.doesNotHaveBean(ReduceStreamMetrics.class));
	}

	@Test
	void backsOffWithoutMicrometerOnTheClassPath() {
		runner().withBean(SimpleMeterRegistry.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(ReduceStreamServer.class)
				.doesNotHaveBean("reduceStreamMetrics"));
	}

	@Test
	void backsOffWhenTheServerIsDisabled() {
		runner().withBean(SimpleMeterRegistry.class)
			.withPropertyValues("numaflow.reducestream.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReduceStreamMetrics.class));
	}

	@Test
	void userDefinedReduceStreamMetricsReplacesTheAutoConfiguredOne() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ReduceStreamMetrics own = new ReduceStreamMetrics(Tags.of("owner", "the-application"), () -> 0);
		runner().withBean(SimpleMeterRegistry.class, () -> registry)
			.withBean(ReduceStreamMetrics.class, () -> own)
			.run((context) -> assertThat(context).getBean(ReduceStreamMetrics.class).isSameAs(own));
	}

	@Test
	void usesTheMeterRegistryOfBootsMetricsAutoConfiguration() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReduceStreamAutoConfiguration.class,
					ReduceStreamMetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, MetricsAutoConfiguration.class))
			.withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"),
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false")
			.run((context) -> assertThat(context).hasSingleBean(ReduceStreamMetrics.class));
	}

	@Test
	void backsOffWithoutAReduceStreamServer() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ReduceStreamMetricsAutoConfiguration.class, MetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).doesNotHaveBean(ReduceStreamMetrics.class));
	}

	@Test
	void isOrderedAfterTheServersAutoConfiguration() {
		assertThat(Configurations.getClasses(
				AutoConfigurations.of(ReduceStreamMetricsAutoConfiguration.class, ReduceStreamAutoConfiguration.class)))
			.containsExactly(ReduceStreamAutoConfiguration.class, ReduceStreamMetricsAutoConfiguration.class);
	}

	@Test
	void metersCarryThePlatformTagsFromTheEnvironment() {
		runner().withBean(SimpleMeterRegistry.class)
			.withPropertyValues("NUMAFLOW_PIPELINE_NAME=simple-pipeline", "NUMAFLOW_VERTEX_NAME=counter",
					"NUMAFLOW_REPLICA=2")
			.run((context) -> assertThat(context.getBean(MeterRegistry.class)
				.get("numaflow.reducestream.streams.active")
				.gauge()
				.getId()
				.getTags()).containsExactlyInAnyOrder(Tag.of("pipeline", "simple-pipeline"),
						Tag.of("vertex", "counter"), Tag.of("replica", "2")));
	}

	@Test
	void aServedWindowIsCountedInTheRegistryOfBootsMetricsAutoConfiguration() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReduceStreamAutoConfiguration.class,
					ReduceStreamMetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, MetricsAutoConfiguration.class))
			.withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"))
			.run((context) -> {
				OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "b");
				assertThat(context.getBean(MeterRegistry.class).get("numaflow.reducestream.datums").counter().count())
					.isEqualTo(2);
			});
	}

	/**
	 * The server takes its listeners when it is created, after every bean definition is
	 * registered, so it finds the meters of an auto-configuration ordered after its own.
	 */
	@Test
	void theServerReportsToTheMetersOfTheLaterAutoConfiguration() {
		runner().withBean(SimpleMeterRegistry.class).run((context) -> {
			OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a");
			assertThat(context.getBean(MeterRegistry.class).get("numaflow.reducestream.datums").counter().count())
				.isEqualTo(1);
		});
	}

}
