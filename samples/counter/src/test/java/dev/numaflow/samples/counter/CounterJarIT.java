package dev.numaflow.samples.counter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.test.Phase;
import dev.numaflow.reducestream.test.ReduceStreamClient;
import dev.numaflow.reducestream.test.Result;
import dev.numaflow.reducestream.test.WindowCall;
import dev.numaflow.reducestream.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged application: {@code java -jar counter.jar} as a real process, in each of
 * its forms, talked to over its socket with the test kit's client (the platform's request
 * shape) and stopped with SIGTERM. The process output goes to
 * {@code target/it-logs/counter-<style>.log}; start-up times and exit codes are appended
 * to {@code target/it-logs/counter-jar.txt}.
 */
class CounterJarIT {

	static final Duration TIMEOUT = Duration.ofSeconds(30);

	static IntervalWindow window(long startMillis, long endMillis) {
		return new IntervalWindow(Instant.ofEpochMilli(startMillis), Instant.ofEpochMilli(endMillis));
	}

	static void send(WindowCall call, String key) {
		call.send(List.of(key), "1".getBytes(StandardCharsets.UTF_8), call.window().start(), call.window().start(),
				Map.of());
	}

	/** The result values of each key set, in arrival order; keys as sent back. */
	static Map<List<String>, List<String>> resultsByKeys(WindowCall call) {
		Map<List<String>, List<String>> results = new LinkedHashMap<>();
		for (Result result : call.results()) {
			results.computeIfAbsent(result.keys(), (keys) -> new ArrayList<>()).add(result.valueAsString());
		}
		return results;
	}

	static void assertEndedWithOneEof(WindowCall call) throws Exception {
		assertThat(call.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(call.endOfStreamCount()).isEqualTo(1);
		assertThat(call.protocolProblems()).isEmpty();
	}

	@Nested
	class ClassForm extends RunningCounter {

		ClassForm() {
			super("class");
		}

	}

	@Nested
	class FunctionForm extends RunningCounter {

		FunctionForm() {
			super("function");
		}

	}

	/**
	 * The jar in Spring AOT mode: the bean graph {@code process-aot} generated at build
	 * time (the class form, as the build's default properties chose), with the streamer
	 * still created per key set with its constructor.
	 */
	@Nested
	class ClassFormInAotMode extends RunningCounter {

		ClassFormInAotMode() {
			super("class", List.of("-Dspring.aot.enabled=true"));
		}

		@Test
		@Order(1)
		void runsTheBeanGraphGeneratedAtBuildTime() {
			assertThat(log()).content(StandardCharsets.UTF_8).contains("Starting AOT-processed CounterApplication");
		}

	}

	/**
	 * The transport of this run: the build runs these tests twice, the second time with
	 * {@code -Dnumaflow.reducestream.transport=nio} (the jar's server and the client).
	 */
	static Transport transport() {
		return Transport.parse(System.getProperty("numaflow.reducestream.transport", "auto"));
	}

	/** One process of the jar for the whole class; the fourth test stops it. */
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	abstract static class RunningCounter {

		private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

		private final String style;

		private Path socket;

		private Path serverInfo;

		private Path log;

		private Process process;

		private final List<String> jvmOptions;

		RunningCounter(String style) {
			this(style, List.of());
		}

		RunningCounter(String style, List<String> jvmOptions) {
			this.style = style;
			this.jvmOptions = jvmOptions;
		}

		Path log() {
			return this.log;
		}

		@BeforeAll
		void startTheJar(@TempDir Path directory) throws IOException {
			this.socket = directory.resolve("rs.sock");
			this.serverInfo = directory.resolve("server-info");
			Path logs = Files.createDirectories(Path.of(System.getProperty("counter.logs", "target/it-logs")));
			String mode = this.jvmOptions.isEmpty() ? "" : "-aot";
			this.log = logs.resolve("counter-" + this.style + mode + "-" + transport().id() + ".log");
			List<String> command = new ArrayList<>();
			command.add(java());
			command.addAll(this.jvmOptions);
			command.addAll(List.of("-jar", jar().toString(), "--numaflow.reducestream.socket-path=" + this.socket,
					"--numaflow.reducestream.server-info-path=" + this.serverInfo, "--counter.style=" + this.style,
					"--numaflow.reducestream.transport=" + transport().id(), "--server.port=0",
					"--management.endpoints.web.exposure.include=health,metrics,prometheus"));
			long start = System.nanoTime();
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.log.toFile())
				.start();
			await().atMost(STARTUP_TIMEOUT)
				.pollInterval(Duration.ofMillis(10))
				.until(() -> Files.exists(this.serverInfo) || !this.process.isAlive());
			long startupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			assertThat(this.process.isAlive()).as("the counter is running; see %s", this.log).isTrue();
			record("style=" + this.style + mode + " transport=" + transport().id() + " java="
					+ Runtime.version().feature() + " server-info after " + startupMillis + " ms");
		}

		@AfterAll
		void killTheJarIfStillRunning() throws InterruptedException {
			if (this.process != null && this.process.isAlive()) {
				this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		}

		@Test
		@Order(1)
		void writesTheServerInfoFileWithTheEndMarkerAfterBindingTheSocket() throws IOException {
			assertThat(this.serverInfo).isRegularFile();
			assertThat(Files.readString(this.serverInfo, StandardCharsets.UTF_8))
				.startsWith("{\"protocol\":\"uds\",\"language\":\"java\",")
				.containsPattern("\"version\":\"\\d+\\.\\d+\\.\\d+\"")
				.endsWith("}U+005C__END__");
			assertThat(this.socket).exists();
			String transport = transport().resolve().transport().id();
			await().atMost(STARTUP_TIMEOUT)
				.until(() -> Files.readString(this.log, StandardCharsets.UTF_8)
					.contains("(" + transport + " transport)"));
		}

		@Test
		@Order(1)
		void logsHowTheStreamerIsCreatedPerKeySet() throws IOException {
			// The class form has nothing Spring must apply per instance, the function
			// form is
			// a @Bean method that Spring calls per key set.
			String path = this.style.equals("class") ? "with its constructor alone" : "by the bean factory (getBean)";
			assertThat(Files.readString(this.log, StandardCharsets.UTF_8)).containsPattern(
					"The @ReduceStreamerBean '\\w+' \\([\\w.]+\\) is created per key set " + Pattern.quote(path));
		}

		@Test
		@Order(2)
		void countsEachKeySetAndStreamsBeforeTheWindowCloses() throws Exception {
			try (ReduceStreamClient client = ReduceStreamClient.connect(this.socket, transport())) {
				WindowCall call = client.open(window(60_000, 120_000));
				for (int i = 0; i < 45; i++) {
					send(call, "a");
					if (i % 15 == 5) {
						send(call, "b");
					}
				}
				await().atMost(TIMEOUT)
					.until(() -> resultsByKeys(call).getOrDefault(List.of("a"), List.of()),
							(values) -> values.contains("counter:21"));
				assertThat(call.isEnded()).as("the stream before the half-close").isFalse();
				call.halfClose();
				assertEndedWithOneEof(call);
				assertThat(resultsByKeys(call)).containsExactlyInAnyOrderEntriesOf(Map.of(List.of("a"),
						List.of("counter:21", "counter:21", "counter:3"), List.of("b"), List.of("counter:3")));
			}
		}

		@Test
		@Order(3)
		void keepsSeparateCountsForConcurrentWindows() throws Exception {
			try (ReduceStreamClient client = ReduceStreamClient.connect(this.socket, transport())) {
				WindowCall first = client.open(window(60_000, 120_000));
				WindowCall second = client.open(window(120_000, 180_000));
				for (int i = 0; i < 30; i++) {
					if (i < 25) {
						send(first, "a");
					}
					send(second, "a");
				}
				for (WindowCall call : List.of(first, second)) {
					await().atMost(TIMEOUT)
						.until(() -> resultsByKeys(call).getOrDefault(List.of("a"), List.of()),
								(values) -> values.contains("counter:21"));
				}
				assertThat(first.isEnded()).isFalse();
				assertThat(second.isEnded()).isFalse();
				first.halfClose();
				second.halfClose();
				assertEndedWithOneEof(first);
				assertEndedWithOneEof(second);
				assertThat(resultsByKeys(first))
					.containsExactly(Map.entry(List.of("a"), List.of("counter:21", "counter:4")));
				assertThat(resultsByKeys(second))
					.containsExactly(Map.entry(List.of("a"), List.of("counter:21", "counter:9")));
			}
		}

		@Test
		@Order(3)
		void servesHealthAndMetersOverHttp() throws Exception {
			String started = await().atMost(TIMEOUT)
				.until(() -> Files.readAllLines(this.log, StandardCharsets.UTF_8)
					.stream()
					.filter((line) -> line.contains("Tomcat started on port"))
					.findFirst(), java.util.Optional::isPresent)
				.orElseThrow();
			java.util.regex.Matcher port = java.util.regex.Pattern.compile("port (\\d+)").matcher(started);
			assertThat(port.find()).isTrue();
			java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
			String base = "http://127.0.0.1:" + port.group(1) + "/actuator/";
			String health = http
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "health")).build(),
						java.net.http.HttpResponse.BodyHandlers.ofString())
				.body();
			assertThat(health).containsPattern(
					"\"reducestream\":\\{\"details\":\\{[^}]*\"state\":\"RUNNING\"[^}]*\\},\"status\":\"UP\"\\}");
			String prometheus = http
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "prometheus")).build(),
						java.net.http.HttpResponse.BodyHandlers.ofString())
				.body();
			assertThat(prometheus).contains("numaflow_reducestream_datums_total",
					"numaflow_reducestream_streams_total{outcome=\"ok\"}", "numaflow_reducestream_streams_active");
		}

		@Test
		@Order(4)
		void finishesTheWindowInFlightOnSigtermThenExitsWithZeroAndRemovesItsFiles() throws Exception {
			try (ReduceStreamClient client = ReduceStreamClient.connect(this.socket, transport())) {
				WindowCall call = client.open(window(0, 60_000));
				for (int i = 0; i < 25; i++) {
					send(call, "a");
				}
				await().atMost(TIMEOUT).until(() -> call.resultCount() > 0);
				this.process.destroy();
				await().atMost(TIMEOUT)
					.until(() -> Files.readString(this.log, StandardCharsets.UTF_8).contains("SIGTERM received"));
				for (int i = 0; i < 4; i++) {
					send(call, "a");
				}
				call.halfClose();
				assertEndedWithOneEof(call);
				assertThat(call.results()).extracting(Result::valueAsString, Result::phase)
					.containsExactly(org.assertj.core.groups.Tuple.tuple("counter:21", Phase.WHILE_OPEN),
							org.assertj.core.groups.Tuple.tuple("counter:8", Phase.AT_END));
			}
			assertThat(this.process.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM; see %s", this.log)
				.isTrue();
			record("style=" + this.style + " java=" + Runtime.version().feature() + " exit code on SIGTERM "
					+ this.process.exitValue());
			assertThat(this.process.exitValue()).as("exit status after SIGTERM; see %s", this.log).isZero();
			assertThat(this.socket).doesNotExist();
			assertThat(this.serverInfo).doesNotExist();
		}

		@Test
		@Order(5)
		void logsNoWarningOrError() throws IOException {
			// Logback's WARN and ERROR lines, and the JVM's own warnings.
			assertThat(Files.readAllLines(this.log, StandardCharsets.UTF_8))
				.filteredOn((line) -> line.matches("\\S+\\s+(WARN|ERROR) .*") || line.startsWith("WARNING:"))
				.isEmpty();
		}

		private static String java() {
			return ProcessHandle.current()
				.info()
				.command()
				.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
		}

		private static Path jar() {
			Path jar = Path.of(System.getProperty("counter.jar", "target/counter.jar"));
			assertThat(jar).as("the packaged counter; run the package phase first").isRegularFile();
			return jar;
		}

		private void record(String line) throws IOException {
			Files.writeString(this.log.resolveSibling("counter-jar.txt"), line + System.lineSeparator(),
					StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}

	}

}
