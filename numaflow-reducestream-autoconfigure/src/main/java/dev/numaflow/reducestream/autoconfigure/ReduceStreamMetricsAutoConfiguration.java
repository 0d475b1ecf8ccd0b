package dev.numaflow.reducestream.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.numaflow.reducestream.metrics.ReduceStreamMetrics;

/**
 * Micrometer meters for the reduce stream server, when the application has a
 * {@link MeterRegistry}.
 */
@AutoConfiguration(before = ReduceStreamAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "numaflow.reducestream.enabled", matchIfMissing = true)
public final class ReduceStreamMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReduceStreamMetrics reduceStreamMetrics(MeterRegistry registry) {
		return new ReduceStreamMetrics(registry);
	}

}
