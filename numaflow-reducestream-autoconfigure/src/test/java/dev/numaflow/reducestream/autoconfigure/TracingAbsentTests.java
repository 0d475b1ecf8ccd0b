package dev.numaflow.reducestream.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.numaflow.reducestream.autoconfigure.TestStreamers.EchoStreamer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An application without any tracing library: the suites but the tracing one run with
 * none on the class path, and the server, with the tracing auto-configuration in, still
 * starts and serves.
 */
class TracingAbsentTests {

	@TempDir
	Path directory;

	@Test
	void noTracingLibraryIsOnTheClassPath() {
		for (String name : new String[] { "io.micrometer.tracing.Tracer", "io.opentelemetry.api.trace.Span",
				"io.micrometer.tracing.otel.bridge.OtelSpan" }) {
			assertThatExceptionOfType(ClassNotFoundException.class).as(name)
				.isThrownBy(() -> Class.forName(name, false, getClass().getClassLoader()));
		}
	}

	@Test
	void theServerStartsAndServesWithoutTracing() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReduceStreamAutoConfiguration.class,
					ReduceStreamTracingAutoConfiguration.class))
			.withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean("reduceStreamTracing");
				assertThat(OneWindow
					.reduce(context.getBean(dev.numaflow.reducestream.server.ReduceStreamServer.class), "a", "b")
					.resultValues()).containsExactly("a", "b");
			});
	}

}
