package dev.numaflow.reducestream.test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Numaflow {@code Pipeline} read from its YAML file, for tests that keep a pipeline
 * definition in line with the code it deploys (the window, {@code streaming: true}, the
 * tags a streamer sends, the image). Navigation fails as an assertion naming the path it
 * was looking for.
 */
public final class PipelineYaml {

	private final Map<String, Object> spec;

	private PipelineYaml(Map<String, Object> root) {
		assertThat(root).containsEntry("apiVersion", "numaflow.numaproj.io/v1alpha1").containsEntry("kind", "Pipeline");
		this.spec = map(root, "spec");
	}

	/**
	 * Read a pipeline file.
	 * @param file the YAML file of a {@code numaflow.numaproj.io/v1alpha1}
	 * {@code Pipeline}
	 * @return the pipeline
	 * @throws IOException if the file cannot be read
	 */
	public static PipelineYaml load(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
			return new PipelineYaml(root);
		}
	}

	/**
	 * A vertex by name.
	 * @param name the vertex's name
	 * @return the vertex
	 */
	public Map<String, Object> vertex(String name) {
		return vertices().stream()
			.filter((vertex) -> name.equals(vertex.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No vertex named '" + name + "' in " + vertexNames()));
	}

	/**
	 * The names of the vertices, in file order.
	 * @return the names
	 */
	public List<String> vertexNames() {
		return vertices().stream().map((vertex) -> String.valueOf(vertex.get("name"))).toList();
	}

	/**
	 * The edges, in file order.
	 * @return the edges
	 */
	public List<Map<String, Object>> edges() {
		return list(this.spec, "edges");
	}

	/**
	 * The edges leaving a vertex.
	 * @param vertex the vertex's name
	 * @return its outgoing edges
	 */
	public List<Map<String, Object>> edgesFrom(String vertex) {
		return edges().stream().filter((edge) -> vertex.equals(edge.get("from"))).toList();
	}

	private List<Map<String, Object>> vertices() {
		return list(this.spec, "vertices");
	}

	/**
	 * The value at a dotted path below a map, e.g.
	 * {@code udf.groupBy.window.fixed.length}.
	 * @param from where to start
	 * @param path the dotted path
	 * @return the value
	 */
	public static Object at(Map<String, Object> from, String path) {
		Object current = from;
		for (String part : path.split("\\.", -1)) {
			assertThat(current).as("'%s' on the way to '%s'", part, path).isInstanceOf(Map.class);
			Map<?, ?> map = (Map<?, ?>) Objects.requireNonNull(current);
			assertThat(map.containsKey(part)).as("'%s' of '%s' is present", part, path).isTrue();
			current = map.get(part);
		}
		return Objects.requireNonNull(current, path);
	}

	/**
	 * The map at a dotted path.
	 * @param from where to start
	 * @param path the dotted path
	 * @return the map
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> map(Map<String, Object> from, String path) {
		Object value = at(from, path);
		assertThat(value).as(path).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	/**
	 * The list of strings at a dotted path.
	 * @param from where to start
	 * @param path the dotted path
	 * @return the strings
	 */
	public static List<String> strings(Map<String, Object> from, String path) {
		Object value = at(from, path);
		assertThat(value).as(path).isInstanceOf(List.class);
		return ((List<?>) value).stream().map(String::valueOf).toList();
	}

	/**
	 * The list of maps at a dotted path.
	 * @param from where to start
	 * @param path the dotted path
	 * @return the maps
	 */
	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> list(Map<String, Object> from, String path) {
		Object value = at(from, path);
		assertThat(value).as(path).isInstanceOf(List.class);
		return (List<Map<String, Object>>) value;
	}

}
