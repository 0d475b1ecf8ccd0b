package dev.numaflow.reducestream.test.emulator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;

import dev.numaflow.reducestream.server.ManualTimerClock;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.test.ReduceStreamTest;
import dev.numaflow.reducestream.test.Transport;
import dev.numaflow.reducestream.test.fixture.KitTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The emulator end to end, against a real server on a real Unix domain socket (the kit's
 * fixture application: {@code count:N} every 3 datums, {@code total:N} at the end).
 */
@ReduceStreamTest(classes = KitTestApplication.class, transport = Transport.UNIX_SOCKET)
class EmulatorTests {

	@Autowired
	ReduceStreamServer server;

	@Autowired
	ManualTimerClock clock;

	@TempDir
	Path directory;

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	/** Run the emulator on this run's transport (a second run of the build is on NIO). */
	private int run(String stdin, String... args) {
		List<String> arguments = new ArrayList<>();
		arguments.add("--transport=" + System.getProperty("numaflow.reducestream.transport", "auto"));
		arguments.addAll(List.of(args));
		return Emulator.run(arguments.toArray(String[]::new),
				new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
				new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

	@Test
	void streamsEventsClosesWindowsByWatermarkAndSkipsBadAndLateLines() throws IOException {
		Path events = this.directory.resolve("events.jsonl");
		Files.writeString(events, """
				{"eventTime":"2024-01-01T00:00:00Z","keys":["a"],"value":"1"}
				{"eventTime":"2024-01-01T00:00:01Z","keys":["a"],"value":"1"}
				{"eventTime": oops}
				{"eventTime":"2024-01-01T00:00:02Z","keys":["a"],"value":"1"}
				{"eventTime":1704067203000,"keys":["b"],"value":"1","headers":{"source":"test"}}

				{"eventTime":"2024-01-01T00:00:12Z","keys":["a"],"value":"1"}
				{"eventTime":"2024-01-01T00:00:05Z","keys":["a"],"value":"1"}
				{"eventTime":"2024-01-01T00:00:13Z","keys":["a"],"value":"1"}
				""");
		int status = run("", "--socket=" + this.server.getSocketPath(),
				"--server-info=" + this.server.getServerInfoPath(), "--window=fixed:10s", "--input=" + events);
		assertThat(status).as(out() + err()).isZero();
		assertThat(err()).contains("error: line 3: not valid JSON")
			.contains("late: line 8 (event time 2024-01-01T00:00:05Z) for window [2024-01-01T00:00:00Z,"
					+ " 2024-01-01T00:00:10Z), which closed at watermark 2024-01-01T00:00:12Z");
		assertThat(out()).contains("\"language\":\"java\"")
			.contains("open    window [2024-01-01T00:00:00Z, 2024-01-01T00:00:10Z)")
			// Before or after the half-close, depending on timing: the emulator labels
			// results by arrival, as the platform sees them.
			.containsPattern(
					"result  window \\[2024-01-01T00:00:00Z, 2024-01-01T00:00:10Z\\)  (while open|at end    )  \\[a\\] count:3  tags \\[running\\]")
			.contains("windows fixed 10s, allowed lateness 0s")
			.contains("close   window [2024-01-01T00:00:00Z, 2024-01-01T00:00:10Z)  (watermark 2024-01-01T00:00:12Z)")
			.contains(
					"result  window [2024-01-01T00:00:00Z, 2024-01-01T00:00:10Z)  at end      [a] total:3  tags [final]")
			.contains(
					"result  window [2024-01-01T00:00:00Z, 2024-01-01T00:00:10Z)  at end      [b] total:1  tags [final]")
			.contains(
					"result  window [2024-01-01T00:00:10Z, 2024-01-01T00:00:20Z)  at end      [a] total:2  tags [final]")
			.contains("ended   window [2024-01-01T00:00:10Z, 2024-01-01T00:00:20Z)  1 results, 1 EOF")
			.contains("summary: 7 events (1 bad lines skipped, 1 late and dropped), 2 windows, 4 results")
			.contains("every window ended with OK and exactly one EOF");
		// The watermark closes the first window, before the input ends.
		assertThat(out()).containsSubsequence("close   window [2024-01-01T00:00:00Z", "end of input",
				"close   window [2024-01-01T00:00:10Z");
	}

	@Test
	void printsATimersResultsAsTheyArriveWhileTheWindowIsOpen() throws Exception {
		PipedOutputStream feed = new PipedOutputStream();
		PipedInputStream stdin = new PipedInputStream(feed);
		String[] args = { "--socket=" + this.server.getSocketPath(),
				"--server-info=" + this.server.getServerInfoPath() };
		CompletableFuture<Integer> status = CompletableFuture
			.supplyAsync(() -> Emulator.run(args, stdin, new PrintStream(this.out, true, StandardCharsets.UTF_8),
					new PrintStream(this.err, true, StandardCharsets.UTF_8)));
		feed.write("{\"eventTime\":0,\"keys\":[\"a\"],\"value\":\"every:1\"}\n".getBytes(StandardCharsets.UTF_8));
		feed.flush();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.clock.untilNextTimer() != null);
		for (int tick = 1; tick <= 2; tick++) {
			this.clock.advance(Duration.ofSeconds(1));
			String line = "while open  [a] tick:" + tick + "  tags [timer]";
			await().atMost(Duration.ofSeconds(20)).until(() -> out().contains(line));
		}
		assertThat(out()).doesNotContain("end of input");
		feed.close();
		assertThat(status.get(30, TimeUnit.SECONDS)).as(out() + err()).isZero();
		assertThat(out()).contains("at end      [a] total:0");
	}

	@Test
	void sendsAnEventsTraceContextInTheDatumsTracingMetadata() {
		String events = """
				{"eventTime":"2024-01-01T00:00:05Z","keys":["a"],"value":"trace","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","tracestate":"vendor=1"}
				{"eventTime":"2024-01-01T00:00:06Z","keys":["b"],"value":"trace"}
				""";
		int status = run(events, "--socket=" + this.server.getSocketPath(),
				"--server-info=" + this.server.getServerInfoPath(), "--window=fixed:10s", "--input=-");
		assertThat(status).as(out() + err()).isZero();
		assertThat(out()).contains("[a] trace:00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01;vendor=1")
			.contains("[b] trace:none;none");
	}

	@Test
	void saysWhyNoResultArrivedWhileOpenWhenEventsWentUnpaced() {
		String event = "{\"eventTime\":\"2024-01-01T00:00:05Z\",\"keys\":[\"a\"],\"value\":\"1\"}\n";
		String note = "note: no result arrived while its window was open. Without --pace";
		int status = run(event, "--socket=" + this.server.getSocketPath(),
				"--server-info=" + this.server.getServerInfoPath(), "--window=fixed:10s", "--input=-");
		assertThat(status).as(out() + err()).isZero();
		assertThat(out()).contains("0 while the window was open, 1 at its end").contains(note);
		assertThat(run(event, "--socket=" + this.server.getSocketPath(),
				"--server-info=" + this.server.getServerInfoPath(), "--window=fixed:10s", "--input=-", "--pace=1ms"))
			.isZero();
		assertThat(out().substring(out().lastIndexOf("summary:"))).doesNotContain(note);
	}

	@Test
	void readsStandardInputWithSlidingWindowsAndAllowedLateness() {
		String events = """
				{"eventTime":"2024-01-01T00:00:05Z","keys":["a"],"value":"1"}
				{"eventTime":"2024-01-01T00:00:14Z","keys":["a"],"value":"1"}
				""";
		int status = run(events, "--socket=" + this.server.getSocketPath(),
				"--server-info=" + this.server.getServerInfoPath(), "--window=sliding:10s/5s", "--allowed-lateness=5s",
				"--input=-");
		assertThat(status).as(out() + err()).isZero();
		// 5 s is in [0, 10) and [5, 15); 14 s in [5, 15) and [10, 20). The watermark 9 s
		// closes nothing; the end of input closes all three.
		assertThat(out()).contains("summary: 2 events (0 bad lines skipped, 0 late and dropped), 3 windows, 3 results")
			.doesNotContain("(watermark");
		assertThat(out()).containsSubsequence("open    window [2024-01-01T00:00:00Z, 2024-01-01T00:00:10Z)",
				"open    window [2024-01-01T00:00:05Z, 2024-01-01T00:00:15Z)",
				"open    window [2024-01-01T00:00:10Z, 2024-01-01T00:00:20Z)");
		assertThat(out()).contains("total:2").contains("total:1");
	}

	@Test
	void aStreamerFailureFailsTheRunAndNamesTheWindow() {
		int status = run("{\"eventTime\":0,\"keys\":[\"a\"],\"value\":\"boom\"}\n",
				"--socket=" + this.server.getSocketPath(), "--server-info=" + this.server.getServerInfoPath());
		assertThat(status).isEqualTo(1);
		assertThat(out()).contains("1 window failed:")
			.contains("window [1970-01-01T00:00:00Z, 1970-01-01T00:01:00Z): INTERNAL: UDF_EXECUTION_ERROR");
	}

	@Test
	void anUnknownTransportIsABadCommandLine() {
		assertThat(Emulator.run(new String[] { "--transport=carrier-pigeon" }, new ByteArrayInputStream(new byte[0]),
				new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8)))
			.isEqualTo(2);
		assertThat(err()).contains("--transport 'carrier-pigeon' is none of auto, epoll, kqueue, nio");
	}

	@Test
	void aBadCommandLineExitsWithTwoAndTheUsage() {
		assertThat(run("", "--window=weekly")).isEqualTo(2);
		assertThat(err()).contains("--window must be fixed:<length> or sliding:<length>/<slide>").contains("Usage:");
	}

	@Test
	void aMissingServerInfoFileFailsAfterTheWaitTimeout() {
		assertThat(run("", "--socket=" + this.directory.resolve("none.sock"), "--wait-timeout=200ms")).isEqualTo(1);
		assertThat(out()).contains(
				"waiting up to 200ms for the server-info file " + this.directory.resolve("reducestreamer-server-info"));
		assertThat(err()).contains("No complete server-info file at "
				+ this.directory.resolve("reducestreamer-server-info") + " after 200ms");
	}

	@Test
	void aLostConnectionIsDescribedWithItsUsualCause() {
		assertThat(PlatformEmulator.describe(Status.UNAVAILABLE.withDescription("io exception")))
			.isEqualTo("UNAVAILABLE: io exception (the connection to the server was lost: did the server exit? Its log"
					+ " says why)");
		assertThat(PlatformEmulator.describe(Status.INTERNAL.withDescription("UDF_EXECUTION_ERROR(udf): boom")))
			.isEqualTo("INTERNAL: UDF_EXECUTION_ERROR(udf): boom");
	}

	@Test
	void aPaceOfNumbersWithoutAUnitIsRefused() {
		assertThat(run("", "--pace=20")).isEqualTo(2);
		assertThat(err()).contains("'20' has no unit: write 20s, 20ms");
	}

	@Test
	void aStartedServerThatExitsEarlyIsReported() {
		assertThat(run("", "--socket=" + this.directory.resolve("x.sock"),
				"--server-log=" + this.directory.resolve("server.log"),
				"--application-errors=" + this.directory.resolve("errors"), "--", "false"))
			.isEqualTo(1);
		assertThat(out()).contains("started server (pid");
		assertThat(err()).contains("The server exited before it wrote the server-info file");
	}

	@Test
	void aStartedServerIsGivenTheCriticalErrorsDirectoryAndItsNewEntryIsPrintedOnceItHasExited() throws IOException {
		Path errors = this.directory.resolve("errors");
		Path old = Files.createDirectories(errors.resolve("udf")).resolve("1-0-udf.json");
		Files.writeString(old, "{\"container\":\"udf\",\"timestamp\":1,\"code\":\"Internal error\","
				+ "\"message\":\"from an earlier run\",\"details\":\"\"}");
		// Plays a UDF that persists its critical error and exits, as the starter's
		// fail-fast does, where the platform's variables say.
		String server = "dir=\"$NUMAFLOW_REDUCESTREAM_APPLICATIONERRORSPATH/$NUMAFLOW_UD_CONTAINER_TYPE\";"
				+ " printf '%s' '{\"container\":\"udf\",\"timestamp\":1764979200,\"code\":\"Internal error\","
				+ "\"message\":\"UDF_EXECUTION_ERROR(udf): boom\",\"details\":\"java.lang.IllegalStateException: boom\\n\\tat x\"}'"
				+ " > \"$dir/1764979200000000000-0-udf.tmp\""
				+ " && mv \"$dir/1764979200000000000-0-udf.tmp\" \"$dir/1764979200000000000-0-udf.json\"; exit 1";
		assertThat(run("", "--socket=" + this.directory.resolve("x.sock"),
				"--server-log=" + this.directory.resolve("server.log"), "--application-errors=" + errors, "--", "sh",
				"-c", server))
			.isEqualTo(1);
		assertThat(out()).contains("its critical errors to " + errors)
			.contains("the server had exited (exit status 1)")
			.contains("critical error  udf  2025-12-06T00:00:00Z  Internal error  ("
					+ errors.resolve("udf/1764979200000000000-0-udf.json") + ")")
			.contains("  UDF_EXECUTION_ERROR(udf): boom\n  | java.lang.IllegalStateException: boom\n  | \tat x")
			.doesNotContain("from an earlier run");
	}

	@Test
	void aStartedServerThatPersistsNothingIsSaidToHaveNone() throws IOException {
		Path errors = this.directory.resolve("errors");
		assertThat(run("", "--socket=" + this.directory.resolve("x.sock"),
				"--server-log=" + this.directory.resolve("server.log"), "--application-errors=" + errors, "--",
				"false"))
			.isEqualTo(1);
		assertThat(out()).contains("critical errors: none in " + errors);
	}

	@Test
	void aRealServerThatFailsFastLeavesItsCriticalErrorWhereTheEmulatorGaveItAndTheEmulatorPrintsIt() {
		Path errors = this.directory.resolve("errors");
		Path socket = this.directory.resolve("rs.sock");
		String java = ProcessHandle.current()
			.info()
			.command()
			.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
		int status = run("{\"eventTime\":0,\"keys\":[\"a\"],\"value\":\"boom\"}\n", "--socket=" + socket,
				"--server-log=" + this.directory.resolve("server.log"), "--application-errors=" + errors,
				"--wait-timeout=90s", "--", java, "-cp", System.getProperty("java.class.path"),
				KitTestApplication.class.getName(), "--numaflow.reducestream.socket-path=" + socket,
				"--numaflow.reducestream.server-info-path=" + this.directory.resolve("reducestreamer-server-info"),
				"--spring.main.banner-mode=off");
		assertThat(status).as(out() + err()).isEqualTo(1);
		// The default policy: the server persisted the failure before it began to exit
		// (the emulator's SIGTERM at the end of the run may overtake that exit).
		assertThat(out()).containsPattern("the server had exited \\(exit status 1\\)|stopped server with SIGTERM")
			.containsPattern(
					"critical error  udf  \\S+Z  Internal error  \\(" + errors + "/udf/\\d{19}-\\d+-udf\\.json\\)")
			.contains("  UDF_EXECUTION_ERROR(udf): java.lang.IllegalStateException: boom in [a]")
			.contains("  | java.lang.IllegalStateException: boom in [a]");
	}

}
