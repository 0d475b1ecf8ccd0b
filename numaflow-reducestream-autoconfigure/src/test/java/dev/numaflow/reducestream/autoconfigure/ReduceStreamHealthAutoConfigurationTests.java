package dev.numaflow.reducestream.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.numaflow.reducestream.autoconfigure.TestStreamers.EchoStreamer;
import dev.numaflow.reducestream.health.ReduceStreamHealthIndicator;
import dev.numaflow.reducestream.server.ReduceStreamServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReduceStreamHealthAutoConfiguration}.
 */
class ReduceStreamHealthAutoConfigurationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReduceStreamHealthAutoConfiguration.class,
					ReduceStreamAutoConfiguration.class))
			.withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"),
					"numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false");
	}

	@Test
	void indicatorIsNamedForTheReducestreamHealthId() {
		runner().run((context) -> assertThat(context).getBean("reducestreamHealthIndicator")
			.isInstanceOf(ReduceStreamHealthIndicator.class));
	}

	@Test
	void indicatorIsUpOnceTheContextHasStarted() {
		runner().run((context) -> {
			Health health = context.getBean(ReduceStreamHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("socketPath", this.directory.resolve("rs.sock").toString());
		});
	}

	@Test
	void indicatorIsDownOnceTheServerHasStopped() {
		runner().run((context) -> {
			context.getBean(ReduceStreamServer.class).stop();
			assertThat(context.getBean(ReduceStreamHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);
		});
	}

	@Test
	void backsOffWhenTheIndicatorIsDisabled() {
		runner().withPropertyValues("management.health.reducestream.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ReduceStreamServer.class)
				.doesNotHaveBean(ReduceStreamHealthIndicator.class));
	}

	@Test
	void backsOffWhenDefaultIndicatorsAreDisabled() {
		runner().withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReduceStreamHealthIndicator.class));
	}

	@Test
	void backsOffWhenTheServerIsDisabled() {
		runner().withPropertyValues("numaflow.reducestream.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ReduceStreamHealthIndicator.class));
	}

	@Test
	void backsOffWithoutSpringBootHealth() {
		runner().withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasSingleBean(ReduceStreamServer.class)
				.doesNotHaveBean("reducestreamHealthIndicator"));
	}

	@Test
	void userDefinedIndicatorOfTheSameNameReplacesTheAutoConfiguredOne() {
		HealthIndicator own = () -> Health.outOfService().build();
		runner().withBean("reducestreamHealthIndicator", HealthIndicator.class, () -> own)
			.run((context) -> assertThat(context).getBean("reducestreamHealthIndicator").isSameAs(own));
	}

}
