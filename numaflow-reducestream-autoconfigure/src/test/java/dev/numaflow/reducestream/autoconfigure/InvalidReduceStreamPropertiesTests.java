package dev.numaflow.reducestream.autoconfigure;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;

import dev.numaflow.reducestream.autoconfigure.TestStreamers.EchoStreamer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Bad values of {@code numaflow.reducestream.*} fail start-up with Spring Boot's
 * {@link InvalidConfigurationPropertyValueException}, which names the property, its value
 * and what is expected; Spring Boot's failure analyzer prints them.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidReduceStreamPropertiesTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReduceStreamAutoConfiguration.class))
			.withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"));
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			socket-path           | relative.sock      | relative.sock
			socket-path           | /var/run/../x.sock | /var/run/../x.sock
			socket-path           | /                  | /
			socket-path           | /proc/rs.sock      | /proc/rs.sock
			server-info-path      | server-info        | server-info
			server-info-path      | /sys/server-info   | /sys/server-info
			max-message-size      | 0                  | 0B
			max-message-size      | 3GB                | 3221225472B
			max-threads           | 0                  | 0
			event-loop-threads    | 0                  | 0
			max-pending-datums    | 0                  | 0
			max-pending-results   | -1                 | -1
			transport-buffer      | 0                  | 0B
			transport-buffer      | 3GB                | 3221225472B
			shutdown.grace-period | -1s                | PT-1S
			idle-warning          | -1s                | PT-1S
			socket-permissions    | rw-rw              | rw-rw
			application-errors-path | errors           | errors
			application-errors-path | /var/../errors   | /var/../errors
			""")
	void badValueFailsStartUpNamingThePropertyAndTheValue(String property, String value, String boundValue) {
		runner().withPropertyValues("numaflow.reducestream." + property + "=" + value)
			.run((context) -> assertThat(invalidValue(context))
				.extracting(InvalidConfigurationPropertyValueException::getName, (ex) -> String.valueOf(ex.getValue()))
				.containsExactly("numaflow.reducestream." + property, boundValue));
	}

	@Test
	void aContainerTypeThatIsNotADirectoryNameIsRefusedNamingTheVariable() {
		runner().withPropertyValues("NUMAFLOW_UD_CONTAINER_TYPE=../udf")
			.run((context) -> assertThat(invalidValue(context))
				.extracting(InvalidConfigurationPropertyValueException::getName, (ex) -> String.valueOf(ex.getValue()))
				.containsExactly("NUMAFLOW_UD_CONTAINER_TYPE", "../udf"));
	}

	@Test
	void relativePathIsRefusedAsDependingOnTheWorkingDirectory() {
		runner().withPropertyValues("numaflow.reducestream.socket-path=rs.sock")
			.run((context) -> assertThat(invalidValue(context)).hasMessageContaining("Must be an absolute path"));
	}

	@Test
	void pathWithDotDotIsRefusedNamingThePlainPath() {
		runner().withPropertyValues("numaflow.reducestream.server-info-path=/var/run/numaflow/../server-info")
			.run((context) -> assertThat(invalidValue(context))
				.hasMessageContaining("give the plain path '/var/run/server-info'"));
	}

	@Test
	void pathUnderAKernelFileSystemIsRefused() {
		runner().withPropertyValues("numaflow.reducestream.socket-path=/dev/rs.sock")
			.run((context) -> assertThat(invalidValue(context)).hasMessageContaining("Must not be under /dev"));
	}

	@Test
	void socketPathLongerThanAUnixSocketMayBeIsRefused() {
		String tooLong = "/var/run/" + "s".repeat(100) + ".sock";
		runner().withPropertyValues("numaflow.reducestream.socket-path=" + tooLong)
			.run((context) -> assertThat(invalidValue(context)).hasMessageContaining("Must be at most 107 bytes long"));
	}

	@Test
	void serverInfoPathEqualToTheSocketPathIsRefused() {
		runner().withPropertyValues("numaflow.reducestream.server-info-path=" + this.directory.resolve("rs.sock"))
			.run((context) -> assertThat(invalidValue(context)).hasMessageContainingAll(
					"Property numaflow.reducestream.server-info-path",
					"Must differ from numaflow.reducestream.socket-path"));
	}

	@Test
	void maxMessageSizeBeyondWhatGrpcAcceptsIsRefused() {
		runner().withPropertyValues("numaflow.reducestream.max-message-size=3GB")
			.run((context) -> assertThat(invalidValue(context))
				.hasMessageContaining("Must be between 1B and 2147483647B"));
	}

	@Test
	void countThatIsNotPositiveIsRefused() {
		runner().withPropertyValues("numaflow.reducestream.max-threads=0")
			.run((context) -> assertThat(invalidValue(context)).hasMessageContaining("Must be positive"));
	}

	@Test
	void negativeDurationIsRefused() {
		runner().withPropertyValues("numaflow.reducestream.shutdown.grace-period=-1s")
			.run((context) -> assertThat(invalidValue(context)).hasMessageContaining("Must not be negative"));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void aTransportThatIsNotAvailableIsRefusedNamingWhatIsAvailable() {
		runner().withPropertyValues("numaflow.reducestream.transport=kqueue")
			.run((context) -> assertThat(invalidValue(context)).satisfies((ex) -> {
				assertThat(ex.getName()).isEqualTo("numaflow.reducestream.transport");
				assertThat(ex).hasMessageContainingAll("Not available here", "'kqueue'", "Available: epoll, nio");
			}));
	}

	@Test
	void anUnknownTransportFailsStartUpListingTheValidOnes(CapturedOutput output) {
		SpringApplication application = new SpringApplication(EchoStreamerApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(
				Map.of("numaflow.reducestream.socket-path", this.directory.resolve("rs.sock").toString(),
						"numaflow.reducestream.server-info-path", this.directory.resolve("server-info").toString()));
		// A command-line argument, so that it wins over a system property of the same
		// name.
		assertThatException().isThrownBy(() -> application.run("--numaflow.reducestream.transport=io_uring"));
		// Spring Boot's own analysis of a value that is not one of the enum's.
		assertThat(output).contains("Failed to bind properties under 'numaflow.reducestream.transport'",
				"Value: \"io_uring\"", "The following values are valid:", "AUTO", "EPOLL", "KQUEUE", "NIO");
	}

	@Test
	void malformedSocketPermissionsAreRefusedWithAnExample() {
		runner().withPropertyValues("numaflow.reducestream.socket-permissions=rwxrwxrwxrwx")
			.run((context) -> assertThat(invalidValue(context)).hasMessageContaining("such as 'rw-rw----'"));
	}

	@Test
	void springApplicationReportsThePropertyItsValueAndTheReason(CapturedOutput output) {
		SpringApplication application = new SpringApplication(EchoStreamerApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("numaflow.reducestream.socket-path",
				this.directory.resolve("rs.sock").toString(), "numaflow.reducestream.server-info-path",
				this.directory.resolve("server-info").toString(), "numaflow.reducestream.max-threads", "0"));
		assertThatException().isThrownBy(application::run);
		assertThat(output).contains("Invalid value '0' for configuration property 'numaflow.reducestream.max-threads'",
				"Must be positive");
	}

	private static InvalidConfigurationPropertyValueException invalidValue(AssertableApplicationContext context) {
		Throwable rootCause = NestedExceptionUtils.getRootCause(context.getStartupFailure());
		assertThat(rootCause).isInstanceOf(InvalidConfigurationPropertyValueException.class);
		return (InvalidConfigurationPropertyValueException) Objects.requireNonNull(rootCause);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ReduceStreamAutoConfiguration.class)
	@Import(EchoStreamer.class)
	static class EchoStreamerApplication {

	}

}
