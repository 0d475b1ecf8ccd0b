package dev.numaflow.reducestream.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.numaflow.reducestream.health.ReduceStreamHealthIndicator;
import dev.numaflow.reducestream.server.ReduceStreamServer;

/**
 * The {@code reducestream} health indicator, when Spring Boot's health support is on the
 * class path.
 */
@AutoConfiguration(after = ReduceStreamAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ReduceStreamServer.class)
@ConditionalOnEnabledHealthIndicator("reducestream")
public final class ReduceStreamHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "reducestreamHealthIndicator")
	ReduceStreamHealthIndicator reducestreamHealthIndicator(ReduceStreamServer server) {
		return new ReduceStreamHealthIndicator(server);
	}

}
