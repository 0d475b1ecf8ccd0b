package dev.numaflow.reducestream.autoconfigure;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A server that cannot start is reported as Spring Boot reports a failed start-up: the
 * analysis, not a stack trace, on the faults a user really makes.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReduceStreamServerFailureAnalyzerTests {

	@TempDir
	Path directory;

	@Test
	void aSocketDirectoryThatDoesNotExistIsReportedWithWhatToChange(CapturedOutput output) {
		Path socket = this.directory.resolve("missing").resolve("rs.sock");
		assertThatException().isThrownBy(() -> run(Map.of("numaflow.reducestream.socket-path", socket.toString())));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The Numaflow reduce stream server could not start: ")
			.contains(socket.getParent() + " does not exist")
			.contains("numaflow.reducestream.socket-path, numaflow.reducestream.server-info-path and"
					+ " numaflow.reducestream.transport");
	}

	@Test
	void aSocketPathTheTransportCannotTakeIsReportedWithItsLimit(CapturedOutput output) {
		String prefix = this.directory + "/";
		Path socket = Path.of(prefix + "s".repeat(107 - prefix.length()));
		assertThatException().isThrownBy(() -> run(Map.of("numaflow.reducestream.socket-path", socket.toString(),
				"numaflow.reducestream.transport", "nio")));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("is 107 bytes, longer than the 106 bytes the nio transport takes");
	}

	private void run(Map<String, Object> properties) {
		SpringApplication application = new SpringApplication(OneStreamerApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		Map<String, Object> defaults = new HashMap<>(properties);
		defaults.putIfAbsent("numaflow.reducestream.socket-path", this.directory.resolve("rs.sock").toString());
		defaults.put("numaflow.reducestream.server-info-path", this.directory.resolve("server-info").toString());
		defaults.put("numaflow.reducestream.shutdown.exit-zero-on-sigterm", "false");
		application.setDefaultProperties(defaults);
		application.run().close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ReduceStreamAutoConfiguration.class)
	static class OneStreamerApplication {

		@Bean
		@ReduceStreamerBean
		ReduceStreamer streamer() {
			return ReduceStreamer.of((datum, output, metadata) -> {
			}, (output, metadata) -> {
			});
		}

	}

}
