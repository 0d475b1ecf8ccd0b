package dev.numaflow.reducestream.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command lines of the two servers: the counter sample's jar ("ours") and the
 * {@link ReferenceServer} from this module's class path, on the same {@code java}, each
 * with its own socket and server-info file in the work directory.
 */
final class Servers {

	private final Path work;

	private final Path counterJar;

	private final List<String> jvmOptions;

	private final List<String> oursArguments;

	private final String java;

	private int started;

	Servers(Path work, Path counterJar, String jvmOptions, String oursArguments) {
		this.work = work;
		this.counterJar = counterJar.toAbsolutePath();
		this.jvmOptions = split(jvmOptions);
		this.oursArguments = split(oursArguments);
		this.java = ProcessHandle.current().info().command().orElse("java");
	}

	Path workDirectory() {
		return this.work;
	}

	String java() {
		return this.java;
	}

	ServerProcess startOurs(String extraJvmOptions, Duration timeout) throws IOException {
		if (!Files.isRegularFile(this.counterJar)) {
			throw new IOException("No counter sample at " + this.counterJar + ": run ./mvnw install first");
		}
		int id = ++this.started;
		Path socket = this.work.resolve("o" + id + ".sock");
		Path serverInfo = this.work.resolve("o" + id + ".info");
		List<String> command = command(extraJvmOptions);
		command.addAll(List.of("-jar", this.counterJar.toString(), "--numaflow.reducestream.socket-path=" + socket,
				"--numaflow.reducestream.server-info-path=" + serverInfo,
				// The sample serves Actuator over HTTP: a free port, so that nothing else
				// on
				// the machine can make it fail to start.
				"--server.port=0"));
		command.addAll(this.oursArguments);
		return ServerProcess.start(Report.OURS, command, socket, serverInfo, this.work.resolve("ours-" + id + ".log"),
				timeout);
	}

	ServerProcess startReference(String extraJvmOptions, Duration timeout) throws IOException {
		int id = ++this.started;
		Path socket = this.work.resolve("r" + id + ".sock");
		Path serverInfo = this.work.resolve("r" + id + ".info");
		List<String> command = command(extraJvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), ReferenceServer.class.getName(),
				"--socket-path=" + socket, "--server-info-path=" + serverInfo));
		return ServerProcess.start(Report.REFERENCE, command, socket, serverInfo,
				this.work.resolve("reference-" + id + ".log"), timeout);
	}

	private List<String> command(String extraJvmOptions) {
		List<String> command = new ArrayList<>();
		command.add(this.java);
		command.addAll(this.jvmOptions);
		command.addAll(split(extraJvmOptions));
		return command;
	}

	private static List<String> split(String options) {
		return Arrays.stream(options.trim().split("\\s+", -1)).filter((option) -> !option.isEmpty()).toList();
	}

}
