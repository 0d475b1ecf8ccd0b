package dev.numaflow.reducestream.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration reference lists exactly the properties of the generated
 * configuration metadata (ours: {@code numaflow.reducestream.*} and
 * {@code management.health.reducestream.*}), each with the metadata's default, so the
 * documentation cannot drift from the code. On failure it names every property to add,
 * remove or correct.
 */
class ReadmeConfigurationReferenceTests {

	private static final String PREFIX = "numaflow.reducestream.";

	/** Our keys outside {@link #PREFIX}, listed in the README under their full names. */
	private static final String HEALTH_PREFIX = "management.health.reducestream.";

	private static final String SECTION = "## Configuration reference";

	/** The module's directory is the test's working directory; the README is one up. */
	private static final Path README = Path.of("..", "README.md");

	@Test
	void readmeTableHasEveryPropertyOfTheMetadataWithItsDefaultAndNoOther() throws IOException {
		Map<String, @Nullable String> metadata = metadataDefaults();
		Map<String, String> readme = readmeDefaults();
		assertThat(metadata).as("properties in spring-configuration-metadata.json").isNotEmpty();
		List<String> problems = new ArrayList<>();
		metadata.forEach((name, defaultValue) -> {
			String documented = readme.get(name);
			String shown = (defaultValue != null) ? "`" + defaultValue + "`" : "(no default in the metadata)";
			if (documented == null) {
				problems.add("missing row for `" + fullName(name) + "` (default " + shown + "): add | `" + name + "` | "
						+ shown + " | <meaning> |");
			}
			else if (defaultValue != null && !documented.equals("`" + defaultValue + "`")) {
				problems
					.add("`" + fullName(name) + "` shows default " + documented + " but the metadata says " + shown);
			}
		});
		readme.keySet()
			.stream()
			.filter((name) -> !metadata.containsKey(name))
			.forEach((name) -> problems.add("row for `" + fullName(name) + "`, which the metadata does not have"));
		assertThat(problems)
			.withFailMessage(() -> "README.md, section '" + SECTION
					+ "', is out of date with META-INF/spring-configuration-metadata.json:%n  - ".formatted()
					+ String.join("%n  - ".formatted(), problems))
			.isEmpty();
	}

	private static Map<String, @Nullable String> metadataDefaults() throws IOException {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[*]");
			Map<String, @Nullable String> defaults = new LinkedHashMap<>();
			for (Map<String, Object> property : properties) {
				String name = String.valueOf(property.get("name"));
				Object defaultValue = property.get("defaultValue");
				if (name.startsWith(PREFIX) || name.startsWith(HEALTH_PREFIX)) {
					defaults.put(name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name,
							(defaultValue != null) ? defaultValue.toString() : null);
				}
			}
			return defaults;
		}
	}

	private static String fullName(String name) {
		return name.startsWith(HEALTH_PREFIX) ? name : PREFIX + name;
	}

	/** The first two cells of every table row in the section: name and default. */
	private static Map<String, String> readmeDefaults() throws IOException {
		String readme = Files.readString(README, StandardCharsets.UTF_8);
		int start = readme.indexOf("\n" + SECTION + "\n");
		assertThat(start).as("section '%s' in %s", SECTION, README.toAbsolutePath().normalize()).isNotNegative();
		int end = readme.indexOf("\n## ", start + SECTION.length() + 1);
		String section = readme.substring(start, (end >= 0) ? end : readme.length());
		Map<String, String> defaults = new LinkedHashMap<>();
		for (String line : section.lines().toList()) {
			if (line.startsWith("| `")) {
				String[] cells = line.split("\\|", -1);
				String name = cells[1].trim().replace("`", "");
				defaults.put(name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name, cells[2].trim());
			}
		}
		return defaults;
	}

}
