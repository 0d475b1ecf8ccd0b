package dev.numaflow.samples.counter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.test.ReduceStreamClient;
import dev.numaflow.reducestream.test.WindowCall;
import dev.numaflow.reducestream.test.image.StartupArchive;
import dev.numaflow.reducestream.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up archive recipe of the image build, run here with this build's JVM: the
 * samples' shared {@code samples/image/train.sh} trains the JVM's archive (the AOT cache
 * on JDK 25+, class data sharing before) on the extracted jar, driving the demo events
 * through the real socket with the emulator; then the application starts with the
 * {@code jvm.options} it wrote and an option that makes the JVM fail if the archive
 * cannot be used ({@code -XX:AOTMode=on}, {@code -Xshare:on}), and serves a window.
 */
class CounterStartupArchiveIT {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	@TempDir
	Path directory;

	@Test
	void trainsTheArchiveOnTheDemoTrafficAndStartsWithIt() throws Exception {
		StartupArchive archive = StartupArchive.train(Path.of("../image/train.sh"), jar(), Path.of("demo/events.jsonl"),
				Map.of(), this.directory, logs(), "--counter.threshold=4");
		Path socket = this.directory.resolve("rs.sock");
		Path serverInfo = this.directory.resolve("server-info");
		Process process = archive.serve(socket, serverInfo, TIMEOUT, "--server.port=0");
		try {
			try (ReduceStreamClient client = ReduceStreamClient.connect(socket, Transport.AUTO)) {
				WindowCall call = client.open(CounterJarIT.window(60_000, 120_000));
				for (int i = 0; i < 3; i++) {
					CounterJarIT.send(call, "a");
				}
				call.halfClose();
				CounterJarIT.assertEndedWithOneEof(call);
				assertThat(CounterJarIT.resultsByKeys(call))
					.containsExactly(Map.entry(List.of("a"), List.of("counter:3")));
			}
			archive.stop(process);
			assertThat(archive.log()).content(StandardCharsets.UTF_8)
				.contains("Starting AOT-processed CounterApplication",
						"is created per key set with its constructor alone");
		}
		finally {
			process.destroyForcibly();
		}
	}

	@Test
	void theImageBuildContextHoldsWhatTheDockerfileCopies() throws IOException {
		// No Docker daemon in CI: what can be checked is that the build leaves each file
		// the Dockerfile copies from its context (samples/), that its ignore file lets
		// each one through, and that it runs the shared script as this test does.
		List<String> lines = StartupArchive.checkBuildContext(Path.of("src/image/Dockerfile"), Path.of(".."),
				List.of("counter/target/counter.jar", "counter/target/image/emulator/", "counter/demo/events.jsonl",
						"image/train.sh"));
		assertThat(Path.of("target/image/emulator"))
			.isDirectoryContaining((jar) -> jar.getFileName().toString().startsWith("numaflow-reducestream-test-"));
		assertThat(lines).contains(
				"RUN EMULATOR_CLASSPATH='emulator/*' bash train.sh /app/counter.jar events.jsonl --counter.threshold=4",
				"ENTRYPOINT [\"java\", \"@/app/jvm.options\", \"-jar\", \"/app/counter.jar\"]");
	}

	private static Path logs() {
		return Path.of(System.getProperty("counter.logs", "target/it-logs"));
	}

	private static Path jar() {
		return Path.of(System.getProperty("counter.jar", "target/counter.jar"));
	}

}
