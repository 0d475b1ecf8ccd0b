package dev.numaflow.samples.counter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import dev.numaflow.reducestream.test.PipelineYaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pipeline.yaml} agrees with the image build and the README.
 */
class CounterPipelineYamlTests {

	static PipelineYaml pipeline;

	@BeforeAll
	static void load() throws IOException {
		pipeline = PipelineYaml.load(Path.of("pipeline.yaml"));
	}

	@Test
	void reduceVertexIsAStreamingKeyedFixedWindowWithPartitions() throws IOException {
		Map<String, Object> reduce = pipeline.vertex("counter");
		assertThat(PipelineYaml.at(reduce, "udf.groupBy.window.fixed.streaming")).isEqualTo(true);
		assertThat(PipelineYaml.at(reduce, "udf.groupBy.keyed")).isEqualTo(true);
		assertThat((Integer) PipelineYaml.at(reduce, "partitions")).isGreaterThan(1);
		Object length = PipelineYaml.at(reduce, "udf.groupBy.window.fixed.length");
		assertThat(Files.readString(Path.of("README.md"))).contains("`window.fixed.length: " + length + "`");
	}

	@Test
	void reduceVertexRunsTheImageThatBuildImageBuilds() {
		String configured = System.getProperty("sample.image");
		assertThat(configured).as("system property sample.image, set by the pom from the image name").isNotBlank();
		assertThat(PipelineYaml.at(pipeline.vertex("counter"), "udf.container.image")).isEqualTo(configured);
	}

	@Test
	void buildImageIsConfiguredWithTheSampleImageOnJava17() throws Exception {
		Element plugin = ImageBuildConfiguration.springBootPlugin(Path.of("pom.xml"));
		assertThat(ImageBuildConfiguration.text(plugin, "configuration/image/name")).isEqualTo("${sample.image}");
		assertThat(ImageBuildConfiguration.text(plugin, "configuration/image/env/BP_JVM_VERSION")).isEqualTo("17");
		assertThat(ImageBuildConfiguration.text(plugin, "configuration/image/env/BP_SPRING_AOT_ENABLED"))
			.isEqualTo("true");
		assertThat(ImageBuildConfiguration.text(plugin, "configuration/image/env/BP_JVM_CDS_ENABLED"))
			.isEqualTo("true");
	}

	@Test
	void resultsAreUntaggedSoTheirEdgeHasNoConditions() {
		assertThat(pipeline.edgesFrom("counter")).singleElement()
			.satisfies((edge) -> assertThat(edge).doesNotContainKey("conditions"));
	}

}
