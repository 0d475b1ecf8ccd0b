package dev.numaflow.samples.earlyalert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.test.Phase;
import dev.numaflow.reducestream.test.ReduceStreamClient;
import dev.numaflow.reducestream.test.Result;
import dev.numaflow.reducestream.test.WindowCall;
import dev.numaflow.reducestream.test.image.StartupArchive;
import dev.numaflow.reducestream.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The start-up archive recipe of the image build ({@code src/image/Dockerfile}), run here
 * with this build's JVM: the samples' shared {@code samples/image/train.sh} trains the
 * JVM's archive (the AOT cache on JDK 25+, class data sharing before) on the extracted
 * jar, driving the demo events through the real socket with the emulator options of the
 * Dockerfile; then the application starts with the {@code jvm.options} it wrote and an
 * option that makes the JVM fail if the archive cannot be used ({@code -XX:AOTMode=on},
 * {@code -Xshare:on}), raises the demo's alert while its window is open, and serves a
 * window.
 */
class EarlyAlertStartupArchiveIT {

	/** The emulator options of the Dockerfile's training run: the pipeline's window. */
	static final String EMULATOR_OPTIONS = "--window=fixed:300s --allowed-lateness=30s --pace=25ms";

	/** The application argument of the training run: the summaries' timer fires in it. */
	static final String TRAINING_ARGUMENT = "--early-alert.summary-interval=500ms";

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	@TempDir
	Path directory;

	@Test
	void trainsTheArchiveOnTheDemoTrafficAndStartsWithIt() throws Exception {
		StartupArchive archive = StartupArchive.train(Path.of("../image/train.sh"), jar(), Path.of("demo/events.jsonl"),
				Map.of("EMULATOR_OPTIONS", EMULATOR_OPTIONS), this.directory, logs(), TRAINING_ARGUMENT);
		Path socket = this.directory.resolve("rs.sock");
		Path serverInfo = this.directory.resolve("server-info");
		Process process = archive.serve(socket, serverInfo, TIMEOUT);
		Path log = archive.log();
		try {
			replaysTheDemoEventsWithTheAlertWhileTheWindowIsOpen(socket, serverInfo);
			alertsWhileTheWindowIsOpenAndSummarizesItAtItsEnd(socket);
			archive.stop(process);
			assertThat(log).content(StandardCharsets.UTF_8)
				.contains("Starting AOT-processed EarlyAlertApplication",
						"is created per key set with its constructor alone");
		}
		finally {
			process.destroyForcibly();
		}
	}

	private void replaysTheDemoEventsWithTheAlertWhileTheWindowIsOpen(Path socket, Path serverInfo) {
		String output = StartupArchive.replay(socket, serverInfo, Path.of("demo/events.jsonl"), EMULATOR_OPTIONS,
				TIMEOUT);
		// boiler-1 heats up: its fifth reading at 80 degrees or more (10:01:50) raises
		// the alert, long before the watermark closes the window; it does so again in the
		// next window. boiler-3 sends one payload that is not a reading.
		String first = "window [2026-11-24T10:00:00Z, 2026-11-24T10:05:00Z)";
		assertThat(output.lines()).contains("result  " + first + "  while open  [boiler-1] "
				+ "{\"sensor\":\"boiler-1\",\"windowStart\":\"2026-11-24T10:00:00Z\",\"windowEnd\":"
				+ "\"2026-11-24T10:05:00Z\",\"hotReadings\":5,\"threshold\":5,\"lastCelsius\":86.5}  tags [alert]");
		assertThat(output).contains("[boiler-1] {\"sensor\":\"boiler-1\",\"windowStart\":\"2026-11-24T10:05:00Z\","
				+ "\"windowEnd\":\"2026-11-24T10:10:00Z\",\"hotReadings\":5,\"threshold\":5,\"lastCelsius\":88.0}  "
				+ "tags [alert]");
		assertThat(output.lines())
			.filteredOn((line) -> line.startsWith("result  " + first + "  at end") && line.endsWith("tags [final]"))
			.hasSize(3)
			.anyMatch((line) -> line.contains("[boiler-3] ") && line.contains("\"malformed\":1,"));
		assertThat(output).contains("every window ended with OK and exactly one EOF");
	}

	private void alertsWhileTheWindowIsOpenAndSummarizesItAtItsEnd(Path socket) throws Exception {
		Instant start = Instant.parse("2026-11-24T11:00:00Z");
		Instant end = start.plus(Duration.ofMinutes(5));
		try (ReduceStreamClient client = ReduceStreamClient.connect(socket, Transport.AUTO)) {
			WindowCall call = client.open(new IntervalWindow(start, end));
			for (int i = 1; i <= 5; i++) {
				byte[] reading = ("{\"sensor\":\"boiler-7\",\"celsius\":" + (80 + i) + ".5}")
					.getBytes(StandardCharsets.UTF_8);
				call.send(List.of("boiler-7"), reading, start.plusSeconds(i), start, Map.of());
			}
			await().atMost(TIMEOUT).until(() -> tagged(call, "alert").findAny().isPresent());
			assertThat(call.isEnded()).as("the stream before the half-close").isFalse();
			call.halfClose();
			assertThat(call.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(call.endOfStreamCount()).isEqualTo(1);
			assertThat(call.protocolProblems()).isEmpty();
			String window = "\"windowStart\":\"" + start + "\",\"windowEnd\":\"" + end + "\"";
			assertThat(tagged(call, "alert")).singleElement().satisfies((alert) -> {
				assertThat(alert.phase()).isEqualTo(Phase.WHILE_OPEN);
				assertThat(alert.valueAsString()).isEqualTo("{\"sensor\":\"boiler-7\"," + window
						+ ",\"hotReadings\":5,\"threshold\":5,\"lastCelsius\":85.5}");
			});
			assertThat(tagged(call, "final")).singleElement().satisfies((summary) -> {
				assertThat(summary.phase()).isEqualTo(Phase.AT_END);
				assertThat(summary.valueAsString()).isEqualTo("{\"sensor\":\"boiler-7\"," + window
						+ ",\"readings\":5,\"hotReadings\":5,\"malformed\":0,\"alerted\":true}");
			});
			// And a running summary every 5 s while the window is open, if it stays open
			// that long.
			assertThat(call.results()).allSatisfy((result) -> {
				assertThat(result.keys()).containsExactly("boiler-7");
				assertThat(result.tags()).singleElement().isIn("alert", "summary", "final");
			});
		}
	}

	@Test
	void theImageBuildContextHoldsWhatTheDockerfileCopies() throws IOException {
		// No Docker daemon in CI: what can be checked is that the build leaves each file
		// the Dockerfile copies from its context (samples/), that its ignore file lets
		// each one through, and that it trains as the test above does.
		List<String> lines = StartupArchive.checkBuildContext(Path.of("src/image/Dockerfile"), Path.of(".."),
				List.of("early-alert/target/early-alert.jar", "early-alert/target/image/emulator/",
						"early-alert/demo/events.jsonl", "image/train.sh"));
		assertThat(Path.of("target/image/emulator"))
			.isDirectoryContaining((jar) -> jar.getFileName().toString().startsWith("numaflow-reducestream-test-"));
		assertThat(lines).contains(
				"RUN EMULATOR_CLASSPATH='emulator/*' EMULATOR_OPTIONS='" + EMULATOR_OPTIONS
						+ "' bash train.sh /app/early-alert.jar events.jsonl " + TRAINING_ARGUMENT,
				"ENTRYPOINT [\"java\", \"@/app/jvm.options\", \"-jar\", \"/app/early-alert.jar\"]");
	}

	private static Stream<Result> tagged(WindowCall call, String tag) {
		return call.results().stream().filter((result) -> result.tags().equals(List.of(tag)));
	}

	private static Path logs() {
		return Path.of(System.getProperty("sample.logs", "target/it-logs"));
	}

	private static Path jar() {
		return Path.of(System.getProperty("sample.jar", "target/early-alert.jar"));
	}

}
