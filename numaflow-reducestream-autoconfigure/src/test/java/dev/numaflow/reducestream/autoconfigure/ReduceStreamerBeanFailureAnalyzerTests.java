package dev.numaflow.reducestream.autoconfigure;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;
import dev.numaflow.reducestream.autoconfigure.ReduceStreamAutoConfigurationTests.TwoStreamersConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link ReduceStreamerBeanFailureAnalyzer}, on the failures the
 * auto-configuration really produces.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReduceStreamerBeanFailureAnalyzerTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReduceStreamAutoConfiguration.class))
			.withPropertyValues("numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock").toString(),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"));
	}

	@Test
	void withoutAReduceStreamerBeanTheActionSaysToAnnotateOne() {
		runner().run((context) -> assertThat(analysisOf(context).getAction()).contains(
				"Annotate your ReduceStreamer class (or the @Bean method that returns it) with @ReduceStreamerBean"));
	}

	@Test
	void withoutAReduceStreamerBeanTheActionSaysHowToRunWithoutTheServer() {
		runner().run((context) -> assertThat(analysisOf(context).getAction())
			.contains("numaflow.reducestream.enabled=false"));
	}

	@Test
	void withoutAReduceStreamerBeanTheDescriptionNamesStreamersThatLackTheAnnotation() {
		runner().withUserConfiguration(UnannotatedStreamerConfiguration.class)
			.run((context) -> assertThat(analysisOf(context).getDescription()).contains("[plainStreamer]"));
	}

	@Test
	void withTwoReduceStreamerBeansTheDescriptionNamesBoth() {
		runner().withUserConfiguration(TwoStreamersConfiguration.class)
			.run((context) -> assertThat(analysisOf(context).getDescription()).contains("firstStreamer",
					"secondStreamer"));
	}

	@Test
	void withAStreamerAndAnotherAnnotatedBeanThatIsNotOneTheDescriptionNamesBoth() {
		// The streamer is found by type on the way to the bind; the other annotated bean
		// by the full scan once every singleton exists, which fails start-up all the
		// same.
		runner().withUserConfiguration(StreamerAndAnnotatedListConfiguration.class)
			.run((context) -> assertThat(analysisOf(context).getDescription()).contains("goodStreamer",
					"annotatedList"));
	}

	@Test
	void withTwoReduceStreamerBeansTheActionSaysToKeepOne() {
		runner().withUserConfiguration(TwoStreamersConfiguration.class)
			.run((context) -> assertThat(analysisOf(context).getAction())
				.contains("Keep @ReduceStreamerBean on one bean"));
	}

	@Test
	void springApplicationReportsTheAnalysisWhenStartupFails(CapturedOutput output) {
		SpringApplication application = new SpringApplication(NoStreamerApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(
				Map.of("numaflow.reducestream.socket-path", this.directory.resolve("rs.sock").toString(),
						"numaflow.reducestream.server-info-path", this.directory.resolve("server-info").toString()));
		assertThatException().isThrownBy(application::run);
		assertThat(output).contains("Annotate your ReduceStreamer class");
	}

	private static FailureAnalysis analysisOf(AssertableApplicationContext context) {
		Throwable failure = Objects.requireNonNull(context.getStartupFailure(), "The context started");
		return Objects.requireNonNull(new ReduceStreamerBeanFailureAnalyzer().analyze(failure),
				() -> "No analysis of " + failure);
	}

	@Configuration(proxyBeanMethods = false)
	static class UnannotatedStreamerConfiguration {

		@Bean
		ReduceStreamer plainStreamer() {
			return ReduceStreamer.of((datum, output, metadata) -> {
			}, (output, metadata) -> {
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StreamerAndAnnotatedListConfiguration {

		@Bean
		@ReduceStreamerBean
		ReduceStreamer goodStreamer() {
			return ReduceStreamer.of((datum, output, metadata) -> {
			}, (output, metadata) -> {
			});
		}

		@Bean
		@ReduceStreamerBean
		List<String> annotatedList() {
			return List.of("not a streamer");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ReduceStreamAutoConfiguration.class)
	static class NoStreamerApplication {

	}

}
