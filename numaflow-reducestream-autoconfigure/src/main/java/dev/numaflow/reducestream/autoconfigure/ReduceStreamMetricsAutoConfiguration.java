package dev.numaflow.reducestream.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.numaflow.reducestream.metrics.ReduceStreamMetrics;
import dev.numaflow.reducestream.server.ReduceStreamServer;

/**
 * Micrometer meters for the reduce stream server, when the application has a
 * {@link MeterRegistry}: a {@code MeterBinder} that Spring Boot binds to it, tagged with
 * the platform's {@code NUMAFLOW_*} variables read through the {@link Environment}.
 * <p>
 * Ordered after the server's auto-configuration and conditional on its server. The server
 * still hears the meters' events: it looks its listeners up when it is created, after
 * every bean definition is registered.
 */
@AutoConfiguration(after = ReduceStreamAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, ReduceStreamServer.class })
public final class ReduceStreamMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReduceStreamMetrics reduceStreamMetrics(Environment environment) {
		return new ReduceStreamMetrics(ReduceStreamMetrics.platformTags(environment::getProperty));
	}

}
