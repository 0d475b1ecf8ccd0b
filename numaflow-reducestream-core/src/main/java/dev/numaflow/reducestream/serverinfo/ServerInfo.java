package dev.numaflow.reducestream.serverinfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import dev.numaflow.reducestream.codec.JsonStrings;

/**
 * What the server tells the platform about itself, in the server-info file.
 * <p>
 * The platform reads {@code version} as a numaflow-java SDK version and refuses anything
 * below 0.9.0, so it is the numaflow-java release whose protocol this starter matches;
 * the starter's own name and version go in {@code metadata}.
 *
 * @param protocol the transport, {@code uds}
 * @param language the SDK language, {@code java}
 * @param minimumNumaflowVersion the oldest platform version supported
 * @param version the numaflow-java protocol level
 * @param metadata free-form string pairs
 */
public record ServerInfo(String protocol, String language, String minimumNumaflowVersion, String version,
		Map<String, String> metadata) {

	/**
	 * The marker the platform waits for after the JSON. It is these 13 characters, not a
	 * backslash.
	 */
	public static final String END_MARKER = "U+005C__END__";

	/** The metadata key naming this starter. */
	public static final String STARTER_NAME_KEY = "starter";

	/** The metadata key with this starter's version. */
	public static final String STARTER_VERSION_KEY = "starter_version";

	/**
	 * Creates an instance.
	 * @param protocol the transport
	 * @param language the SDK language
	 * @param minimumNumaflowVersion the oldest platform version supported
	 * @param version the numaflow-java protocol level
	 * @param metadata free-form string pairs
	 */
	public ServerInfo {
		metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
	}

	/**
	 * The server info of this starter.
	 * @return the server info
	 */
	public static ServerInfo forThisStarter() {
		Properties versions = new Properties();
		try (InputStream in = ServerInfo.class.getResourceAsStream("versions.properties")) {
			if (in != null) {
				versions.load(in);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put(STARTER_NAME_KEY, "numaflow-reducestream");
		metadata.put(STARTER_VERSION_KEY, versions.getProperty("starter.version", ""));
		return new ServerInfo("uds", "java", "1.4.0-z", versions.getProperty("numaflow.java.version", ""), metadata);
	}

	/**
	 * The file content: compact JSON immediately followed by {@link #END_MARKER}, with no
	 * newline.
	 * @return the content
	 */
	public String toFileContent() {
		StringBuilder json = new StringBuilder(160);
		json.append('{');
		field(json, "protocol", this.protocol).append(',');
		field(json, "language", this.language).append(',');
		field(json, "minimum_numaflow_version", this.minimumNumaflowVersion).append(',');
		field(json, "version", this.version).append(',');
		JsonStrings.quote(json, "metadata").append(":{");
		boolean first = true;
		for (Map.Entry<String, String> entry : this.metadata.entrySet()) {
			if (!first) {
				json.append(',');
			}
			field(json, entry.getKey(), entry.getValue());
			first = false;
		}
		return json.append("}}").append(END_MARKER).toString();
	}

	private static StringBuilder field(StringBuilder json, String name, String value) {
		JsonStrings.quote(json, name).append(':');
		return JsonStrings.quote(json, value);
	}

}
