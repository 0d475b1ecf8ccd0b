package dev.numaflow.reducestream.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

	private static final String APPLICATION_ERRORS_ARGUMENT = "--numaflow.reducestream.application-errors-path=";

	private final Process process;

	private final Path socket;

	private final Path log;

	private final Path applicationErrors;

	private ApplicationProcess(Process process, Path socket, Path log, Path applicationErrors) {
		this.process = process;
		this.socket = socket;
		this.log = log;
		this.applicationErrors = applicationErrors;
	}

	/**
	 * Start the application and wait until it has written its server-info file.
	 * @param directory where its socket, server-info file, critical errors and log go
	 * @param arguments more application arguments
	 */
	static ApplicationProcess start(Path directory, String... arguments) throws IOException {
		return start(directory, Map.of(), arguments);
	}

	/**
	 * Start the application with more environment variables and wait until it has written
	 * its server-info file.
	 * @param directory where its socket, server-info file, critical errors and log go
	 * @param environment environment variables to add
	 * @param arguments more application arguments
	 */
	static ApplicationProcess start(Path directory, Map<String, String> environment, String... arguments)
			throws IOException {
		Path socket = directory.resolve("rs.sock");
		Path serverInfo = directory.resolve("server-info");
		Path log = directory.resolve("process.log");
		Path applicationErrors = directory.resolve("application-errors");
		List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
				FailingStreamerApplication.class.getName(), "--numaflow.reducestream.socket-path=" + socket,
				"--numaflow.reducestream.server-info-path=" + serverInfo, "--spring.main.banner-mode=off",
				"--numaflow.reducestream.transport=" + TestServers.transport().id()));
		// Never the default, which a test run as root could write. (A repeated argument
		// would be joined with a comma.)
		if (Arrays.stream(arguments).noneMatch((argument) -> argument.startsWith(APPLICATION_ERRORS_ARGUMENT))) {
			command.add(APPLICATION_ERRORS_ARGUMENT + applicationErrors);
		}
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().remove("NUMAFLOW_UD_CONTAINER_TYPE");
		builder.environment().putAll(environment);
		Process process = builder.start();
		ApplicationProcess started = new ApplicationProcess(process, socket, log, applicationErrors);
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

	/**
	 * The directory of critical errors the application is given (an argument later in the
	 * command line may override it).
	 */
	Path applicationErrors() {
		return this.applicationErrors;
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
