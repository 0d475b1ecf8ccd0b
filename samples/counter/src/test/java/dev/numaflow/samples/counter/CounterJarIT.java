package dev.numaflow.samples.counter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged application: {@code java -jar counter.jar} as a real process, in each of
 * its forms, talked to over its socket and stopped with SIGTERM. The process output goes
 * to {@code target/it-logs/counter-<style>.log}; start-up times and exit codes are
 * appended to {@code target/it-logs/counter-jar.txt}.
 */
class CounterJarIT {

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

		RunningCounter(String style) {
			this.style = style;
		}

		@BeforeAll
		void startTheJar(@TempDir Path directory) throws IOException {
			this.socket = directory.resolve("rs.sock");
			this.serverInfo = directory.resolve("server-info");
			Path logs = Files.createDirectories(Path.of(System.getProperty("counter.logs", "target/it-logs")));
			this.log = logs.resolve("counter-" + this.style + ".log");
			List<String> command = List.of(java(), "-jar", jar().toString(),
					"--numaflow.reducestream.socket-path=" + this.socket,
					"--numaflow.reducestream.server-info-path=" + this.serverInfo, "--counter.style=" + this.style);
			long start = System.nanoTime();
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.log.toFile())
				.start();
			await().atMost(STARTUP_TIMEOUT)
				.pollInterval(Duration.ofMillis(10))
				.until(() -> Files.exists(this.serverInfo) || !this.process.isAlive());
			long startupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			assertThat(this.process.isAlive()).as("the counter is running; see %s", this.log).isTrue();
			record("style=" + this.style + " java=" + Runtime.version().feature() + " server-info after "
					+ startupMillis + " ms");
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
			CounterExchange.serverInfoFileEndsWithTheEndMarker(this.serverInfo);
			assertThat(this.socket).exists();
		}

		@Test
		@Order(2)
		void countsEachKeySetAndStreamsBeforeTheWindowCloses() throws Exception {
			CounterExchange.countsEachKeySetAndStreamsBeforeTheWindowCloses(this.socket);
		}

		@Test
		@Order(3)
		void keepsSeparateCountsForConcurrentWindows() throws Exception {
			CounterExchange.keepsSeparateCountsForConcurrentWindows(this.socket);
		}

		@Test
		@Order(4)
		void exitsOnSigtermAndRemovesTheSocketAndTheServerInfoFile() throws Exception {
			this.process.destroy();
			assertThat(this.process.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM; see %s", this.log)
				.isTrue();
			record("style=" + this.style + " java=" + Runtime.version().feature() + " exit code on SIGTERM "
					+ this.process.exitValue());
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
