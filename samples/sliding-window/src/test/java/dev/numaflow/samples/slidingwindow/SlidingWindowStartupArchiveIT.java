package dev.numaflow.samples.slidingwindow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The start-up archive recipe of the image build ({@code src/image/Dockerfile}), run here
 * with this build's JVM: the samples' shared {@code samples/image/train.sh} trains the
 * JVM's archive (the AOT cache on JDK 25+, class data sharing before) on the extracted
 * jar, driving the demo events through the real socket with the emulator options of the
 * Dockerfile; then the application starts with the {@code jvm.options} it wrote and an
 * option that makes the JVM fail if the archive cannot be used ({@code -XX:AOTMode=on},
 * {@code -Xshare:on}), gives each sliding window of the demo its running and complete
 * statistics, and serves a window.
 */
class SlidingWindowStartupArchiveIT {

	/**
	 * The emulator options of the Dockerfile's training run: the pipeline's windows, each
	 * reading sent to the 6 that contain it; paced, so that running statistics go out
	 * while their windows are open (unpaced, the whole input is sent before they arrive).
	 */
	static final String EMULATOR_OPTIONS = "--window=sliding:60s/10s --allowed-lateness=10s --pace=10ms";

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	@TempDir
	Path directory;

	@Test
	void trainsTheArchiveOnTheDemoTrafficAndStartsWithIt() throws Exception {
		StartupArchive archive = StartupArchive.train(Path.of("../image/train.sh"), jar(), Path.of("demo/events.jsonl"),
				Map.of("EMULATOR_OPTIONS", EMULATOR_OPTIONS), this.directory, logs());
		Path socket = this.directory.resolve("rs.sock");
		Path serverInfo = this.directory.resolve("server-info");
		Process process = archive.serve(socket, serverInfo, TIMEOUT);
		Path log = archive.log();
		try {
			replaysTheDemoEventsInSlidingWindows(socket, serverInfo);
			sendsRunningStatisticsWhileTheWindowIsOpenAndCompleteOnesAtItsEnd(socket);
			archive.stop(process);
			assertThat(log).content(StandardCharsets.UTF_8)
				.contains("Starting AOT-processed SlidingWindowApplication",
						"is created per key set with its constructor alone");
		}
		finally {
			process.destroyForcibly();
		}
	}

	private void replaysTheDemoEventsInSlidingWindows(Path socket, Path serverInfo) {
		String output = StartupArchive.replay(socket, serverInfo, Path.of("demo/events.jsonl"), EMULATOR_OPTIONS,
				TIMEOUT);
		// The first reading (10:00:00) opens the 6 windows of 60 s that contain it, 10 s
		// apart; the last (10:02:31) the one starting at 10:02:30: 21 windows.
		assertThat(output.lines()).filteredOn((line) -> line.startsWith("open    window "))
			.hasSize(21)
			.startsWith("open    window [2026-11-24T09:59:10Z, 2026-11-24T10:00:10Z)",
					"open    window [2026-11-24T09:59:20Z, 2026-11-24T10:00:20Z)")
			.endsWith("open    window [2026-11-24T10:02:30Z, 2026-11-24T10:03:30Z)");
		// boiler-1 and boiler-2 read every 2 s: running statistics after every 10th
		// reading (the first ones long before the window closes), complete ones at the
		// end. boiler-3 reads every 10 s and once sends a payload that is not a reading
		// (10:01:21).
		String window = "window [2026-11-24T10:00:00Z, 2026-11-24T10:01:00Z)";
		assertThat(output.lines()).filteredOn((line) -> line.startsWith("result  " + window + "  while open"))
			.isNotEmpty()
			.allMatch((line) -> line.contains("\"complete\":false}"));
		assertThat(output.lines())
			.filteredOn((line) -> line.startsWith("result  " + window + "  ") && line.contains("[boiler-1] ")
					&& line.contains("\"complete\":false}"))
			.hasSize(3);
		assertThat(output.lines()).contains("ended   " + window + "  9 results, 1 EOF");
		assertThat(output.lines())
			.filteredOn((line) -> line.startsWith("result  window [2026-11-24T10:01:00Z, 2026-11-24T10:02:00Z)  at end")
					&& line.contains("[boiler-3] "))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("\"count\":6,", "\"skipped\":1,\"complete\":true}"));
		assertThat(output).contains("(0 bad lines skipped, 0 late and dropped), 21 windows",
				"every window ended with OK and exactly one EOF");
	}

	private void sendsRunningStatisticsWhileTheWindowIsOpenAndCompleteOnesAtItsEnd(Path socket) throws Exception {
		Instant start = Instant.parse("2026-11-24T11:00:00Z");
		try (ReduceStreamClient client = ReduceStreamClient.connect(socket, Transport.AUTO)) {
			WindowCall call = client.open(new IntervalWindow(start, start.plus(MovingStatsScenarios.LENGTH)));
			for (int i = 1; i <= 12; i++) {
				byte[] reading = MovingStatsScenarios.reading("boiler-7", i).getBytes(StandardCharsets.UTF_8);
				call.send(List.of("boiler-7"), reading, start.plusSeconds(i), start, Map.of());
			}
			await().atMost(TIMEOUT).until(() -> call.resultCount() > 0);
			assertThat(call.isEnded()).as("the stream before the half-close").isFalse();
			call.halfClose();
			assertThat(call.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(call.endOfStreamCount()).isEqualTo(1);
			assertThat(call.protocolProblems()).isEmpty();
			assertThat(call.results()).extracting(Result::keys, Result::valueAsString, Result::phase)
				.containsExactly(tuple(List.of("boiler-7"),
						MovingStatsScenarios.stats("boiler-7", start, 10, 1.0, 10.0, 5.5, 0, false), Phase.WHILE_OPEN),
						tuple(List.of("boiler-7"),
								MovingStatsScenarios.stats("boiler-7", start, 12, 1.0, 12.0, 6.5, 0, true),
								Phase.AT_END));
		}
	}

	@Test
	void theImageBuildContextHoldsWhatTheDockerfileCopies() throws IOException {
		// No Docker daemon in CI: what can be checked is that the build leaves each file
		// the Dockerfile copies from its context (samples/), that its ignore file lets
		// each one through, and that it trains as the test above does.
		List<String> lines = StartupArchive.checkBuildContext(Path.of("src/image/Dockerfile"), Path.of(".."),
				List.of("sliding-window/target/sliding-window.jar", "sliding-window/target/image/emulator/",
						"sliding-window/demo/events.jsonl", "image/train.sh"));
		assertThat(Path.of("target/image/emulator"))
			.isDirectoryContaining((jar) -> jar.getFileName().toString().startsWith("numaflow-reducestream-test-"));
		assertThat(lines).contains(
				"RUN EMULATOR_CLASSPATH='emulator/*' EMULATOR_OPTIONS='" + EMULATOR_OPTIONS
						+ "' bash train.sh /app/sliding-window.jar events.jsonl",
				"ENTRYPOINT [\"java\", \"@/app/jvm.options\", \"-jar\", \"/app/sliding-window.jar\"]");
	}

	private static Path logs() {
		return Path.of(System.getProperty("sample.logs", "target/it-logs"));
	}

	private static Path jar() {
		return Path.of(System.getProperty("sample.jar", "target/sliding-window.jar"));
	}

}
