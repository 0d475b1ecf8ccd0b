package dev.numaflow.samples.slidingwindow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import dev.numaflow.reducestream.test.PipelineYaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pipeline.yaml} agrees with the code, the image build and the README.
 */
class PipelineYamlTests {

	static PipelineYaml pipeline;

	@BeforeAll
	static void load() throws IOException {
		pipeline = PipelineYaml.load(Path.of("pipeline.yaml"));
	}

	@Test
	void reduceVertexIsAStreamingKeyedSlidingWindowWithPartitions() {
		Map<String, Object> reduce = pipeline.vertex("moving-stats");
		assertThat(PipelineYaml.at(reduce, "udf.groupBy.window.sliding.streaming")).isEqualTo(true);
		assertThat(PipelineYaml.at(reduce, "udf.groupBy.keyed")).isEqualTo(true);
		assertThat((Integer) PipelineYaml.at(reduce, "partitions")).isGreaterThan(1);
		assertThat(PipelineYaml.map(reduce, "udf.groupBy.storage")).containsKey("emptyDir");
	}

	@Test
	void readmeDescribesTheWindowAndItsMultiplierAsThePipelineSetsThem() throws IOException {
		Map<String, Object> reduce = pipeline.vertex("moving-stats");
		String length = (String) PipelineYaml.at(reduce, "udf.groupBy.window.sliding.length");
		String slide = (String) PipelineYaml.at(reduce, "udf.groupBy.window.sliding.slide");
		long windowsPerReading = seconds(length).dividedBy(seconds(slide));
		String readme = Files.readString(Path.of("README.md"));
		assertThat(readme).contains("`window.sliding.length: " + length + "`", "`slide: " + slide + "`",
				"**" + windowsPerReading + " windows**");
	}

	@Test
	void reduceVertexRunsTheImageThatBuildImageBuilds() {
		String configured = System.getProperty("sample.image");
		assertThat(configured).as("system property sample.image, set by the pom from the image name").isNotBlank();
		assertThat(PipelineYaml.at(pipeline.vertex("moving-stats"), "udf.container.image")).isEqualTo(configured);
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
		assertThat(pipeline.edgesFrom("moving-stats")).singleElement()
			.satisfies((edge) -> assertThat(edge).doesNotContainKey("conditions"));
	}

	@Test
	void everyEdgeJoinsVerticesThatExist() {
		for (Map<String, Object> edge : pipeline.edges()) {
			assertThat(pipeline.vertexNames()).contains(String.valueOf(edge.get("from")),
					String.valueOf(edge.get("to")));
		}
	}

	private static Duration seconds(String value) {
		assertThat(value).matches("[0-9]+s");
		return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
	}

}
