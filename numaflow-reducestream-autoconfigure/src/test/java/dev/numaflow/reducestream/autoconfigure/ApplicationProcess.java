package dev.numaflow.reducestream.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.numaflow.reducestream.server.TestServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link FailingStreamerApplication} run as a real process of its own, with its socket,
 * server-info file and log in a test's directory, for the tests of what only a process
 * shows: exit statuses, SIGTERM, fail-fast.
 */
final class ApplicationProcess {

	static final Duration TIMEOUT = Duration.ofSeconds(90);

	private final Process process;

	private final Path socket;

	private final Path log;

	private ApplicationProcess(Process process, Path socket, Path log) {
		this.process = process;
		this.socket = socket;
		this.log = log;
	}

	/**
	 * Start the application and wait until it has written its server-info file.
	 * @param directory where its socket, server-info file and log go
	 * @param arguments more application arguments
	 */
	static ApplicationProcess start(Path directory, String... arguments) throws IOException {
		Path socket = directory.resolve("rs.sock");
		Path serverInfo = directory.resolve("server-info");
		Path log = directory.resolve("process.log");
		List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
				FailingStreamerApplication.class.getName(), "--numaflow.reducestream.socket-path=" + socket,
				"--numaflow.reducestream.server-info-path=" + serverInfo, "--spring.main.banner-mode=off",
				"--numaflow.reducestream.transport=" + TestServers.transport().id()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		ApplicationProcess started = new ApplicationProcess(process, socket, log);
		await().atMost(TIMEOUT).until(() -> Files.exists(serverInfo) || !process.isAlive());
		assertThat(process.isAlive()).as("the application is running; log:%n%s", started.log()).isTrue();
		return started;
	}

	Path socket() {
		return this.socket;
	}

	Process process() {
		return this.process;
	}

	/** The process's output so far. */
	String log() throws IOException {
		return Files.readString(this.log, StandardCharsets.UTF_8);
	}

	/** Wait for the process to exit, failing with its log if it does not. */
	int awaitExit() throws IOException, InterruptedException {
		assertThat(this.process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited; log:%n%s", log()).isTrue();
		return this.process.exitValue();
	}

	/** Kill the process if it still runs. */
	void stop() throws InterruptedException {
		if (this.process.isAlive()) {
			this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	private static String java() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
	}

}
