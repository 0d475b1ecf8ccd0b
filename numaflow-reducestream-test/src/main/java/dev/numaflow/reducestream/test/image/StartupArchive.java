package dev.numaflow.reducestream.test.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.numaflow.reducestream.test.emulator.Emulator;
import dev.numaflow.reducestream.test.emulator.ServerInfoWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image's start-up recipe, run by a test with the test's own JVM: the packaged jar
 * extracted, the JVM's start-up archive trained by the samples' {@code train.sh} (the AOT
 * cache on JDK 25+, class data sharing before), and the application started with the
 * {@code jvm.options} it wrote and an option that makes the JVM refuse to start if the
 * archive cannot be used ({@code -XX:AOTMode=on}, {@code -Xshare:on}). What an image
 * build does, without Docker. Each step's output goes to a log file, named in every
 * failure.
 */
public final class StartupArchive {

	private static final String SLF4J_LOG_FACTORY = "-Dorg.apache.commons.logging.LogFactory="
			+ "org.apache.commons.logging.impl.Slf4jLogFactory";

	private final Path application;

	private final Path jvmOptions;

	private final Path logs;

	private final String name;

	private StartupArchive(Path application, Path jvmOptions, Path logs, String name) {
		this.application = application;
		this.jvmOptions = jvmOptions;
		this.logs = logs;
		this.name = name;
	}

	/**
	 * Extract the packaged jar into {@code directory/app} and train its archive there.
	 * @param trainScript the training script ({@code samples/image/train.sh})
	 * @param packagedJar the application's packaged (repackaged) jar
	 * @param events the emulator's input, as the image build gives it
	 * @param environment the script's environment beyond {@code JAVA},
	 * {@code EMULATOR_CLASSPATH} (this JVM's class path) and {@code TMPDIR} (for instance
	 * {@code EMULATOR_OPTIONS})
	 * @param directory where the application is extracted and the training works
	 * @param logs where the steps' output goes
	 * @param applicationArguments the training run's application arguments
	 * @return the trained application, its archive and {@code jvm.options} checked
	 * @throws IOException if a step cannot be started
	 * @throws InterruptedException if interrupted while a step runs
	 */
	public static StartupArchive train(Path trainScript, Path packagedJar, Path events, Map<String, String> environment,
			Path directory, Path logs, String... applicationArguments) throws IOException, InterruptedException {
		assertThat(packagedJar).as("the packaged application; run the package phase first").isRegularFile();
		String jarName = packagedJar.getFileName().toString();
		String name = jarName.substring(0, jarName.length() - ".jar".length());
		Files.createDirectories(logs);
		Path app = directory.resolve("app");
		run(List.of(java(), "-Djarmode=tools", "-jar", packagedJar.toString(), "extract", "--destination",
				app.toString()), Map.of(), logs.resolve(name + "-archive-extract" + suffix()));
		List<String> command = new ArrayList<>(
				List.of("bash", trainScript.toString(), app.resolve(jarName).toString(), events.toString()));
		command.addAll(List.of(applicationArguments));
		Map<String, String> scriptEnvironment = new HashMap<>(environment);
		scriptEnvironment.put("JAVA", java());
		scriptEnvironment.put("EMULATOR_CLASSPATH", System.getProperty("java.class.path"));
		scriptEnvironment.put("TMPDIR", directory.toString());
		run(command, scriptEnvironment, logs.resolve(name + "-archive-train" + suffix()));
		Path archive = app.resolve(name + (aotCache() ? ".aot" : ".jsa"));
		assertThat(archive).isNotEmptyFile();
		Path jvmOptions = app.resolve("jvm.options");
		String expected = (aotCache() ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive + "\n"
				+ "-Dspring.aot.enabled=true\n";
		String jitScaling = environment.getOrDefault("COMPILE_THRESHOLD_SCALING", "5");
		if (!jitScaling.isEmpty()) {
			expected += "-XX:CompileThresholdScaling=" + jitScaling + "\n";
		}
		if (logsThroughSlf4j(app.resolve("lib"))) {
			expected += SLF4J_LOG_FACTORY + "\n";
		}
		assertThat(jvmOptions).content(StandardCharsets.UTF_8).isEqualTo(expected);
		return new StartupArchive(app.resolve(jarName), jvmOptions, logs, name);
	}

	/**
	 * Whether the extracted application logs through SLF4J as commons-logging 1.3+ would
	 * find it (SLF4J present, Log4j API absent or routed to SLF4J): {@code train.sh} then
	 * names commons-logging's SLF4J factory in {@code jvm.options}.
	 */
	private static boolean logsThroughSlf4j(Path lib) throws IOException {
		List<String> jars;
		try (Stream<Path> files = Files.list(lib)) {
			jars = files.map((file) -> file.getFileName().toString()).toList();
		}
		boolean slf4j = jars.stream().anyMatch((jar) -> jar.startsWith("slf4j-api-"));
		boolean commonsLogging = jars.stream().anyMatch((jar) -> jar.matches("commons-logging-1\\.[3-9].*\\.jar"));
		boolean log4jApi = jars.stream().anyMatch((jar) -> jar.startsWith("log4j-api-"));
		boolean log4jToSlf4j = jars.stream().anyMatch((jar) -> jar.startsWith("log4j-to-slf4j-"));
		return slf4j && commonsLogging && (!log4jApi || log4jToSlf4j);
	}

	/**
	 * Start the application with its archive required, as the image's entry point does.
	 * @param applicationArguments the application's arguments
	 * @return the running process, its output going to {@link #log()}
	 * @throws IOException if it cannot be started
	 */
	public Process start(String... applicationArguments) throws IOException {
		List<String> command = new ArrayList<>(List.of(java(), aotCache() ? "-XX:AOTMode=on" : "-Xshare:on",
				"@" + this.jvmOptions, "-jar", this.application.toString()));
		command.addAll(List.of(applicationArguments));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log().toFile()).start();
	}

	/**
	 * Start the application with its archive required, serving the given socket and
	 * server-info file, and wait until it has written that file: the moment the platform
	 * may connect.
	 * @param socket the socket path ({@code numaflow.reducestream.socket-path})
	 * @param serverInfo the server-info path
	 * ({@code numaflow.reducestream.server-info-path})
	 * @param timeout how long to wait for the server-info file
	 * @param applicationArguments further application arguments
	 * @return the running process, its output going to {@link #log()}
	 * @throws IOException if it cannot be started, or exits or times out before it writes
	 * the file (it is then stopped)
	 * @throws InterruptedException if interrupted while waiting
	 */
	public Process serve(Path socket, Path serverInfo, Duration timeout, String... applicationArguments)
			throws IOException, InterruptedException {
		List<String> arguments = new ArrayList<>(List.of("--numaflow.reducestream.socket-path=" + socket,
				"--numaflow.reducestream.server-info-path=" + serverInfo));
		arguments.addAll(List.of(applicationArguments));
		Process process = start(arguments.toArray(String[]::new));
		try {
			ServerInfoWait.await(serverInfo, timeout, process::isAlive);
			return process;
		}
		catch (IOException ex) {
			process.destroyForcibly();
			throw new IOException(ex.getMessage() + " (started with the archive; see " + log() + ")", ex);
		}
		catch (InterruptedException | RuntimeException ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	/**
	 * Stop the started application with SIGTERM, as Kubernetes does, and check that it
	 * exits with status 0 within a minute.
	 * @param process the process {@link #start} returned
	 * @throws InterruptedException if interrupted while it stops
	 */
	public void stop(Process process) throws InterruptedException {
		process.destroy();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute; see %s", log()).isTrue();
		assertThat(process.exitValue()).as("exit status after SIGTERM; see %s", log()).isZero();
	}

	/**
	 * Replay events through the running application with the test kit's emulator, in this
	 * JVM, as the training run does, and check that it succeeds.
	 * @param socket the application's socket
	 * @param serverInfo the application's server-info file
	 * @param events the emulator's input
	 * @param emulatorOptions the emulator's window options, separated by spaces (as in
	 * {@code EMULATOR_OPTIONS})
	 * @param timeout how long the emulator waits for the server-info file
	 * @return what the emulator printed: a line per window and result, then a summary
	 */
	public static String replay(Path socket, Path serverInfo, Path events, String emulatorOptions, Duration timeout) {
		List<String> args = new ArrayList<>(List.of("--socket=" + socket, "--server-info=" + serverInfo,
				"--input=" + events, "--wait-timeout=" + timeout.toSeconds() + "s"));
		args.addAll(List.of(emulatorOptions.split(" ")));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = Emulator.run(args.toArray(String[]::new), InputStream.nullInputStream(),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		String output = out.toString(StandardCharsets.UTF_8);
		assertThat(status)
			.as("the emulator's exit status; it printed:%n%s%n%s", output, err.toString(StandardCharsets.UTF_8))
			.isZero();
		return output;
	}

	/**
	 * Where the started application's output goes.
	 * @return the log file
	 */
	public Path log() {
		return this.logs.resolve(this.name + "-archive" + suffix());
	}

	/**
	 * Whether this JVM trains an AOT cache (JDK 25+) rather than a class data sharing
	 * archive.
	 * @return whether the archive is an AOT cache
	 */
	public static boolean aotCache() {
		return Runtime.version().feature() >= 25;
	}

	/**
	 * Check, without Docker, that a Dockerfile's build context holds what it copies: each
	 * {@code COPY} source (all but {@code COPY --from}) exists in the context and is let
	 * through by the Dockerfile's own ignore file ({@code Dockerfile.dockerignore}, a
	 * {@code *} then one {@code !source} each).
	 * @param dockerfile the Dockerfile
	 * @param context the build context the sources are relative to
	 * @param expectedSources the sources the Dockerfile is expected to copy
	 * @return the Dockerfile's lines, for further checks
	 * @throws IOException if a file cannot be read
	 */
	public static List<String> checkBuildContext(Path dockerfile, Path context, List<String> expectedSources)
			throws IOException {
		List<String> lines = Files.readAllLines(dockerfile, StandardCharsets.UTF_8);
		List<String> sources = new ArrayList<>();
		for (String line : lines) {
			if (line.startsWith("COPY ") && !line.startsWith("COPY --from")) {
				String[] words = line.split("\\s+");
				sources.addAll(List.of(words).subList(1, words.length - 1));
			}
		}
		assertThat(sources).containsExactlyInAnyOrderElementsOf(expectedSources);
		assertThat(sources).allSatisfy((source) -> assertThat(context.resolve(source)).exists());
		Path ignore = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
		assertThat(Files.readAllLines(ignore, StandardCharsets.UTF_8)).contains("*")
			.containsAll(sources.stream().map((source) -> "!" + source).toList());
		return lines;
	}

	private static void run(List<String> command, Map<String, String> environment, Path output)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		Duration timeout = Duration.ofMinutes(3);
		if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
		assertThat(process.isAlive()).as("%s finished within %s; see %s", command.get(0), timeout, output).isFalse();
		assertThat(process.exitValue()).as("%s exit status; see %s", String.join(" ", command), output).isZero();
	}

	private static String suffix() {
		return "-java" + Runtime.version().feature() + ".log";
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
