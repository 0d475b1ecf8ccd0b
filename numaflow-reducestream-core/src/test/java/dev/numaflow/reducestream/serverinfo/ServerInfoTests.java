package dev.numaflow.reducestream.serverinfo;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.minidev.json.JSONObject;
import net.minidev.json.parser.JSONParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ServerInfoTests {

	/**
	 * Semantic Versioning 2.0.0, after the optional leading {@code v} the platform
	 * strips.
	 */
	private static final Pattern SEMVER = Pattern.compile("v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
			+ "(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

	@Test
	void forThisStarterIsExactlyTheContentThePlatformExpects() {
		String projectVersion = System.getProperty("project.version");
		assertThat(projectVersion).as("project.version, set by Surefire").isNotBlank().doesNotContain("${");
		assertThat(ServerInfo.forThisStarter().toFileContent())
			.isEqualTo("{\"protocol\":\"uds\",\"language\":\"java\",\"minimum_numaflow_version\":\"1.4.0-z\","
					+ "\"version\":\"0.11.0\",\"metadata\":{\"starter\":\"numaflow-reducestream\",\"starter_version\":\""
					+ projectVersion + "\"}}U+005C__END__");
	}

	@Test
	void endMarkerIsThirteenAsciiCharactersAndNotABackslash() {
		assertThat(ServerInfo.END_MARKER).isEqualTo("U+005C__END__").hasSize(13).doesNotContain("\\");
		assertThat(ServerInfo.END_MARKER.chars()).allMatch((c) -> c > 0x20 && c < 0x7f);
	}

	@Test
	void contentEndsWithTheJsonThenTheEndMarkerWithoutANewline() {
		String content = ServerInfo.forThisStarter().toFileContent();
		assertThat(content).startsWith("{").endsWith("}" + ServerInfo.END_MARKER).doesNotContain("\n", "\r");
	}

	@Test
	void versionIsSemverOfAtLeast090() {
		String version = ServerInfo.forThisStarter().version();
		Matcher semver = SEMVER.matcher(version);
		assertThat(semver.matches()).as("'%s' is semver", version).isTrue();
		int[] parsed = { Integer.parseInt(semver.group(1)), Integer.parseInt(semver.group(2)),
				Integer.parseInt(semver.group(3)) };
		assertThat(compare(parsed, new int[] { 0, 9, 0 })).as("%s >= 0.9.0", version).isNotNegative();
	}

	@Test
	void contentIsStrictJsonWithTheFieldsThePlatformReads() throws Exception {
		JSONObject json = parse(ServerInfo.forThisStarter().toFileContent());
		assertThat(json).containsEntry("protocol", "uds")
			.containsEntry("language", "java")
			.containsEntry("minimum_numaflow_version", "1.4.0-z")
			.containsEntry("version", "0.11.0")
			.containsKey("metadata");
		assertThat((Map<?, ?>) json.get("metadata")).isEqualTo(
				Map.of("starter", "numaflow-reducestream", "starter_version", System.getProperty("project.version")));
	}

	@Test
	void quotesBackslashesAndControlCharactersInMetadataAreEscaped() {
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("say \"hi\"", "\"quoted\"");
		metadata.put("path", "C:\\dir\\");
		metadata.put("controls", "a\nb\rc\td\u0000e\u0001f\u001fg\bh\fi");
		ServerInfo info = new ServerInfo("uds", "java", "1.4.0-z", "0.11.0", metadata);
		assertThat(info.toFileContent()).isEqualTo("{\"protocol\":\"uds\",\"language\":\"java\","
				+ "\"minimum_numaflow_version\":\"1.4.0-z\",\"version\":\"0.11.0\",\"metadata\":{"
				+ "\"say \\\"hi\\\"\":\"\\\"quoted\\\"\"," + "\"path\":\"C:\\\\dir\\\\\","
				+ "\"controls\":\"a\\nb\\rc\\td\\u0000e\\u0001f\\u001fg\\u0008h\\u000ci\"}}U+005C__END__");
	}

	@Test
	void escapedMetadataParsesBackToTheOriginalStrings() throws Exception {
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put("say \"hi\"", "\"quoted\"");
		metadata.put("path\\", "C:\\dir\\");
		metadata.put("controls", "a\nb\rc\td\u0000e\u0001f\u001fg\bh\fi\u007fj");
		metadata.put("unicode", "Zürich ✓ 🙂");
		JSONObject json = parse(new ServerInfo("uds", "java", "", "", metadata).toFileContent());
		assertThat((Map<?, ?>) json.get("metadata")).isEqualTo(metadata);
	}

	@Test
	void emptyMetadataIsAnEmptyJsonObject() {
		assertThat(new ServerInfo("uds", "java", "1.4.0-z", "0.11.0", Map.of()).toFileContent())
			.endsWith(",\"metadata\":{}}" + ServerInfo.END_MARKER);
	}

	@Test
	void metadataIsAnUnmodifiableCopy() {
		Map<String, String> metadata = new HashMap<>();
		metadata.put("a", "1");
		ServerInfo info = new ServerInfo("uds", "java", "1.4.0-z", "0.11.0", metadata);
		metadata.put("b", "2");
		assertThat(info.metadata()).containsOnlyKeys("a");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> info.metadata().put("c", "3"));
	}

	/**
	 * Parse the JSON before the end marker, rejecting anything RFC 4627 does not allow.
	 */
	private static JSONObject parse(String content) throws Exception {
		assertThat(content).endsWith(ServerInfo.END_MARKER);
		String json = content.substring(0, content.length() - ServerInfo.END_MARKER.length());
		return (JSONObject) new JSONParser(JSONParser.MODE_RFC4627).parse(json);
	}

	private static int compare(int[] left, int[] right) {
		for (int i = 0; i < left.length; i++) {
			if (left[i] != right[i]) {
				return Integer.compare(left[i], right[i]);
			}
		}
		return 0;
	}

}
