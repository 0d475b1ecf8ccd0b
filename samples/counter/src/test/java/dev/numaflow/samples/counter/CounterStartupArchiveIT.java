package dev.numaflow.samples.counter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.test.ReduceStreamClient;
import dev.numaflow.reducestream.test.WindowCall;
import dev.numaflow.reducestream.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
		Path app = this.directory.resolve("app");
		run(List.of(java(), "-Djarmode=tools", "-jar", jar().toString(), "extract", "--destination", app.toString()),
				Map.of(), "extract");
		run(List.of("bash", "../image/train.sh", app.resolve("counter.jar").toString(), "demo/events.jsonl",
				"--counter.threshold=4"),
				Map.of("JAVA", java(), "EMULATOR_CLASSPATH", System.getProperty("java.class.path"), "TMPDIR",
						this.directory.toString()),
				"train");
		boolean aotCache = Runtime.version().feature() >= 25;
		Path archive = app.resolve(aotCache ? "counter.aot" : "counter.jsa");
		assertThat(archive).isNotEmptyFile();
		assertThat(app.resolve("jvm.options")).content(StandardCharsets.UTF_8)
			.isEqualTo((aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive + "\n"
					+ "-Dspring.aot.enabled=true\n");

		Path socket = this.directory.resolve("rs.sock");
		Path serverInfo = this.directory.resolve("server-info");
		Path log = logs().resolve("counter-archive-java" + Runtime.version().feature() + ".log");
		Process process = new ProcessBuilder(java(), aotCache ? "-XX:AOTMode=on" : "-Xshare:on",
				"@" + app.resolve("jvm.options"), "-jar", app.resolve("counter.jar").toString(),
				"--numaflow.reducestream.socket-path=" + socket,
				"--numaflow.reducestream.server-info-path=" + serverInfo, "--server.port=0")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			await().atMost(TIMEOUT).until(() -> Files.exists(serverInfo) || !process.isAlive());
			assertThat(process.isAlive()).as("started with the archive; see %s", log).isTrue();
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
			process.destroy();
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as("exit status after SIGTERM; see %s", log).isZero();
			assertThat(log).content(StandardCharsets.UTF_8)
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
		List<String> lines = Files.readAllLines(Path.of("src/image/Dockerfile"), StandardCharsets.UTF_8);
		List<String> sources = new ArrayList<>();
		for (String line : lines) {
			if (line.startsWith("COPY ") && !line.startsWith("COPY --from")) {
				String[] words = line.split("\\s+");
				sources.addAll(List.of(words).subList(1, words.length - 1));
			}
		}
		assertThat(sources).containsExactlyInAnyOrder("counter/target/counter.jar", "counter/target/image/emulator/",
				"counter/demo/events.jsonl", "image/train.sh");
		Path context = Path.of("..");
		assertThat(sources).allSatisfy((source) -> assertThat(context.resolve(source)).exists());
		assertThat(Files.readAllLines(Path.of("src/image/Dockerfile.dockerignore"), StandardCharsets.UTF_8))
			.contains("*")
			.containsAll(sources.stream().map((source) -> "!" + source).toList());
		assertThat(Path.of("target/image/emulator"))
			.isDirectoryContaining((jar) -> jar.getFileName().toString().startsWith("numaflow-reducestream-test-"));
		assertThat(lines).contains(
				"RUN EMULATOR_CLASSPATH='emulator/*' bash train.sh /app/counter.jar events.jsonl --counter.threshold=4",
				"ENTRYPOINT [\"java\", \"@/app/jvm.options\", \"-jar\", \"/app/counter.jar\"]");
	}

	private void run(List<String> command, Map<String, String> environment, String name)
			throws IOException, InterruptedException {
		Path output = logs().resolve("counter-archive-" + name + "-java" + Runtime.version().feature() + ".log");
		ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
		assertThat(process.isAlive()).as("%s finished in time; see %s", name, output).isFalse();
		assertThat(process.exitValue()).as("%s exit status; see %s", name, output).isZero();
	}

	private static Path logs() throws IOException {
		return Files.createDirectories(Path.of(System.getProperty("counter.logs", "target/it-logs")));
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static Path jar() {
		Path jar = Path.of(System.getProperty("counter.jar", "target/counter.jar"));
		assertThat(jar).as("the packaged counter; run the package phase first").isRegularFile();
		return jar;
	}

}
