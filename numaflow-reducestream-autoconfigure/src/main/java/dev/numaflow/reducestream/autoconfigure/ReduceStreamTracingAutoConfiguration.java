package dev.numaflow.reducestream.autoconfigure;

import io.micrometer.tracing.Tracer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.server.ReduceStreamTracing;
import dev.numaflow.reducestream.tracing.MicrometerReduceStreamTracing;

/**
 * Traces the key sets with Micrometer Tracing, when the application has a {@link Tracer}
 * (Spring Boot's {@code spring-boot-starter-opentelemetry}, or Brave): one span per
 * (window, key set), current during the calls into its streamer. Without a tracer (or
 * with Boot's no-op one) the server does no tracing work.
 * <p>
 * Ordered after the server's auto-configuration and conditional on its server. The server
 * takes the tracing when it is created, after every bean definition is registered.
 */
@AutoConfiguration(after = ReduceStreamAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration" })
// By name: the conditions stay readable even when the class is loaded without the tracer
// on the class path.
@ConditionalOnClass(name = ReduceStreamTracingAutoConfiguration.TRACER)
@ConditionalOnBean(value = ReduceStreamServer.class, type = ReduceStreamTracingAutoConfiguration.TRACER)
public final class ReduceStreamTracingAutoConfiguration {

	static final String TRACER = "io.micrometer.tracing.Tracer";

	@Bean
	@ConditionalOnMissingBean
	ReduceStreamTracing reduceStreamTracing(Tracer tracer, ReduceStreamProperties properties) {
		int maxLinks = properties.getTracing().getMaxLinks();
		if (maxLinks < 0) {
			throw new InvalidConfigurationPropertyValueException("numaflow.reducestream.tracing.max-links", maxLinks,
					"must be 0 (no links) or more");
		}
		if (tracer == Tracer.NOOP) {
			// Micrometer Tracing without a bridge: nothing would be recorded.
			return ReduceStreamTracing.NONE;
		}
		return new MicrometerReduceStreamTracing(tracer, maxLinks);
	}

}
