package dev.numaflow.reducestream.test;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PipelineYamlTests {

	private static final Path PIPELINE = Path.of("src/test/resources/pipeline.yaml");

	@Test
	void navigatesVerticesEdgesAndDottedPaths() throws Exception {
		PipelineYaml pipeline = PipelineYaml.load(PIPELINE);
		assertThat(pipeline.vertexNames()).containsExactly("in", "count", "out");
		Map<String, Object> count = pipeline.vertex("count");
		assertThat(PipelineYaml.at(count, "udf.groupBy.window.fixed.streaming")).isEqualTo(true);
		assertThat(PipelineYaml.at(count, "udf.groupBy.window.fixed.length")).isEqualTo("60s");
		assertThat(PipelineYaml.at(count, "partitions")).isEqualTo(2);
		assertThat(pipeline.edges()).hasSize(2);
		assertThat(pipeline.edgesFrom("count")).singleElement()
			.satisfies((edge) -> assertThat(PipelineYaml.strings(edge, "conditions.tags.values"))
				.containsExactly("alert"));
	}

	@Test
	void aMissingPathFailsNamingIt() throws Exception {
		Map<String, Object> count = PipelineYaml.load(PIPELINE).vertex("count");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> PipelineYaml.at(count, "udf.groupBy.window.sliding.length"))
			.withMessageContaining("'sliding' of 'udf.groupBy.window.sliding.length'");
	}

	@Test
	void anUnknownVertexFailsNamingTheOthers() throws Exception {
		PipelineYaml pipeline = PipelineYaml.load(PIPELINE);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> pipeline.vertex("reduce"))
			.withMessageContaining("No vertex named 'reduce' in [in, count, out]");
	}

}
