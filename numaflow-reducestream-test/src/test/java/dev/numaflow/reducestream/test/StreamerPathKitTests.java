package dev.numaflow.reducestream.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link ReduceStreamTest} creates the streamers as the application does: the kit's own
 * post-processor, which wraps the streamer factory only, does not send a plain streamer
 * back to {@code getBean}. Its own context (distinct properties), so its start-up log is
 * this test's.
 */
@ExtendWith(OutputCaptureExtension.class)
@ReduceStreamTest(classes = StreamerPathKitTests.PlainApplication.class, properties = "kit.context=streamer-path")
class StreamerPathKitTests {

	@Autowired
	ReduceStreamTester tester;

	@Test
	void aPlainStreamerTakesTheConstructorPathUnderTheKit(CapturedOutput output) {
		try (WindowSession window = this.tester.openWindow(KitScenarios.START, Duration.ofSeconds(10))) {
			window.send("a", "1");
			ReduceStreamAssertions.assertThat(window.endWindow()).keySet("a").emittedWhileOpen("seen:1");
		}
		assertThat(output.toString()
			.lines()
			.filter((line) -> line.contains(PlainStreamer.class.getName()) && line.contains("is created per key set"))
			.toList()).singleElement().asString().contains("with its constructor alone");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(PlainStreamer.class)
	static class PlainApplication {

	}

	@ReduceStreamerBean
	static class PlainStreamer implements ReduceStreamer {

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			output.send(Message.of("seen:" + datum.valueAsString(), metadata.keys()));
		}

	}

}
