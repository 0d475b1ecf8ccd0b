package dev.numaflow.reducestream.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReduceStreamProperties}: binding, defaults the platform relies on, and
 * the IDE metadata generated from it.
 */
class ReduceStreamPropertiesTests {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	@Test
	void maxMessageSizeBindsFromADataSize() {
		assertThat(bind("max-message-size", "16MB").getMaxMessageSize()).isEqualTo(DataSize.ofMegabytes(16));
	}

	@Test
	void maxMessageSizeWithoutAUnitIsInBytes() {
		assertThat(bind("max-message-size", "2048").getMaxMessageSize()).isEqualTo(DataSize.ofBytes(2048));
	}

	@Test
	void shutdownGracePeriodBindsFromADuration() {
		assertThat(bind("shutdown.grace-period", "45s").getShutdown().getGracePeriod())
			.isEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void maxThreadsBinds() {
		assertThat(bind("max-threads", "7").getMaxThreads()).isEqualTo(7);
	}

	@Test
	void maxThreadsIsUnsetByDefault() {
		assertThat(new ReduceStreamProperties().getMaxThreads()).isNull();
	}

	@Test
	void socketPathDefaultsToThePathThePlatformConnectsTo() {
		assertThat(new ReduceStreamProperties().getSocketPath()).isEqualTo("/var/run/numaflow/reducestream.sock");
	}

	@Test
	void serverInfoPathDefaultsToThePathThePlatformReads() {
		assertThat(new ReduceStreamProperties().getServerInfoPath())
			.isEqualTo("/var/run/numaflow/reducestreamer-server-info");
	}

	@Test
	void maxMessageSizeDefaultsToThePlatformsLimit() {
		assertThat(new ReduceStreamProperties().getMaxMessageSize()).isEqualTo(DataSize.ofBytes(64 * 1024 * 1024));
	}

	@Test
	void configurationMetadataHasTheMainKeys() throws IOException {
		List<String> names = JsonPath.read(ourMetadata(), "$.properties[*].name");
		assertThat(names).contains("numaflow.reducestream.socket-path", "numaflow.reducestream.server-info-path",
				"numaflow.reducestream.max-message-size", "numaflow.reducestream.enabled",
				"numaflow.reducestream.max-threads");
	}

	@Test
	void configurationMetadataDescribesEveryKey() throws IOException {
		List<Map<String, Object>> properties = JsonPath.read(ourMetadata(), "$.properties[*]");
		assertThat(properties).isNotEmpty()
			.allSatisfy((property) -> assertThat(property).as("%s", property.get("name")).containsKey("description"));
	}

	@Test
	void configurationMetadataHasTheHealthIndicatorSwitchAsABooleanDefaultingToTrue() throws IOException {
		List<Map<String, Object>> properties = JsonPath.read(ourMetadata(),
				"$.properties[?(@.name == 'management.health.reducestream.enabled')]");
		assertThat(properties).singleElement()
			.satisfies((property) -> assertThat(property).containsEntry("type", "java.lang.Boolean")
				.containsEntry("defaultValue", true));
	}

	private static ReduceStreamProperties bind(String key, String value) {
		Map<String, String> values = new HashMap<>();
		values.put("numaflow.reducestream." + key, value);
		return new Binder(new MapConfigurationPropertySource(values))
			.bind("numaflow.reducestream", ReduceStreamProperties.class)
			.get();
	}

	/**
	 * The metadata file generated for this module, not one of the many Spring Boot's own
	 * jars put on the class path.
	 */
	private static String ourMetadata() throws IOException {
		URL location = ReduceStreamProperties.class.getProtectionDomain().getCodeSource().getLocation();
		ClassLoader classLoader = ReduceStreamProperties.class.getClassLoader();
		for (URL url : Collections.list(classLoader.getResources(METADATA))) {
			if (url.toString().contains(location.getPath())) {
				try (InputStream in = url.openStream()) {
					return new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
			}
		}
		throw new IllegalStateException("No " + METADATA + " next to " + location);
	}

}
