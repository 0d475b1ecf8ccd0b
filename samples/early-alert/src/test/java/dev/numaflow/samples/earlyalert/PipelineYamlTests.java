package dev.numaflow.samples.earlyalert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import dev.numaflow.reducestream.test.PipelineYaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pipeline.yaml} agrees with the code, the image build and the README: what a
 * deployment needs and no compiler checks.
 */
class PipelineYamlTests {

	static PipelineYaml pipeline;

	@BeforeAll
	static void load() throws IOException {
		pipeline = PipelineYaml.load(Path.of("pipeline.yaml"));
	}

	@Test
	void reduceVertexIsAStreamingKeyedFiveMinuteFixedWindowWithPartitions() {
		Map<String, Object> reduce = pipeline.vertex("early-alert");
		assertThat(PipelineYaml.at(reduce, "udf.groupBy.window.fixed.streaming")).isEqualTo(true);
		assertThat(PipelineYaml.at(reduce, "udf.groupBy.window.fixed.length")).isEqualTo("300s");
		assertThat(PipelineYaml.at(reduce, "udf.groupBy.keyed")).isEqualTo(true);
		assertThat((Integer) PipelineYaml.at(reduce, "partitions")).isGreaterThan(1);
		assertThat(PipelineYaml.map(reduce, "udf.groupBy.storage")).containsKey("persistentVolumeClaim");
	}

	@Test
	void readmeDescribesTheWindowOfThePipeline() throws IOException {
		assertThat(Files.readString(Path.of("README.md"))).contains("`window.fixed.length: 300s`");
	}

	@Test
	void reduceVertexRunsTheImageThatBuildImageBuilds() {
		String configured = System.getProperty("sample.image");
		assertThat(configured).as("system property sample.image, set by the pom from the image name").isNotBlank();
		assertThat(PipelineYaml.at(pipeline.vertex("early-alert"), "udf.container.image")).isEqualTo(configured);
	}

	@Test
	void edgesFromTheReduceVertexRouteExactlyTheTagsTheStreamerSends() {
		Map<List<String>, Object> sinkByTags = pipeline.edgesFrom("early-alert")
			.stream()
			.collect(Collectors.toMap((edge) -> PipelineYaml.strings(edge, "conditions.tags.values"),
					(edge) -> edge.get("to")));
		assertThat(sinkByTags).containsOnlyKeys(List.of(EarlyAlertStreamer.ALERT_TAG),
				List.of(EarlyAlertStreamer.FINAL_TAG), List.of(EarlyAlertStreamer.SUMMARY_TAG));
		assertThat(Set.copyOf(sinkByTags.values())).hasSize(3);
		for (Map<String, Object> edge : pipeline.edgesFrom("early-alert")) {
			assertThat(PipelineYaml.at(edge, "conditions.tags.operator")).isEqualTo("or");
			assertThat(pipeline.vertex(String.valueOf(edge.get("to")))).containsKey("sink");
		}
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
	void everyEdgeJoinsVerticesThatExist() {
		for (Map<String, Object> edge : pipeline.edges()) {
			assertThat(pipeline.vertexNames()).contains(String.valueOf(edge.get("from")),
					String.valueOf(edge.get("to")));
		}
	}

}
