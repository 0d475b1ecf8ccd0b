package dev.numaflow.reducestream.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.transport.Transport;

/**
 * The command lines of the servers: the counter sample's jar ("ours"), the
 * {@link ReferenceServer} from this module's class path and, when asked for, the counter
 * on the official numaflow-java SDK (the {@code numaflow-reducestream-benchmark-sdk}
 * jar), on the same {@code java}, each with its own socket and server-info file in the
 * work directory.
 */
final class Servers {

	private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]*)\"");

	private final Path work;

	private final Path counterJar;

	private final List<String> jvmOptions;

	private final List<String> oursArguments;

	private final @Nullable Path sdkJar;

	private final String java;

	private Transport oursTransport = Transport.AUTO;

	private Transport referenceTransport = Transport.AUTO;

	private boolean counterAsReference;

	/** The reference counter's jar, when it is not {@link #counterJar}. */
	private @Nullable Path referenceCounterJar;

	private List<String> referenceArguments = List.of();

	private int started;

	private @Nullable String sdkVersion;

	Servers(Path work, Path counterJar, String jvmOptions, String oursArguments) {
		this(work, counterJar, jvmOptions, oursArguments, null);
	}

	Servers(Path work, Path counterJar, String jvmOptions, String oursArguments, @Nullable Path sdkJar) {
		this.work = work;
		this.counterJar = counterJar.toAbsolutePath();
		this.sdkJar = (sdkJar != null) ? sdkJar.toAbsolutePath() : null;
		this.jvmOptions = split(jvmOptions);
		this.oursArguments = split(oursArguments);
		this.java = ProcessHandle.current().info().command().orElse("java");
	}

	/**
	 * The transports the servers serve their sockets through; {@code AUTO} is epoll on
	 * Linux.
	 */
	Servers transports(Transport ours, Transport reference) {
		this.oursTransport = ours;
		this.referenceTransport = reference;
		return this;
	}

	/**
	 * Make the reference the counter sample too, on its own transport: the runner then
	 * compares one server on two transports, or in two configurations, alternating in one
	 * run.
	 * @param arguments the reference counter's own application arguments (the
	 * {@code --ours-args} go to ours only)
	 */
	Servers counterAsReference(String arguments) {
		this.counterAsReference = true;
		this.referenceArguments = split(arguments);
		return this;
	}

	/**
	 * The reference counter runs this jar (a build of the counter sample without a
	 * feature, such as tracing) instead of ours.
	 */
	Servers referenceCounterJar(Path jar) {
		this.referenceCounterJar = jar.toAbsolutePath();
		return this;
	}

	boolean isCounterReference() {
		return this.counterAsReference;
	}

	Path workDirectory() {
		return this.work;
	}

	String java() {
		return this.java;
	}

	ServerProcess startOurs(String extraJvmOptions, Duration timeout) throws IOException {
		return startCounter(Report.OURS, this.counterJar, "o", "ours-", this.oursTransport, this.oursArguments,
				extraJvmOptions, timeout);
	}

	ServerProcess startReference(String extraJvmOptions, Duration timeout) throws IOException {
		if (this.counterAsReference) {
			Path jar = (this.referenceCounterJar != null) ? this.referenceCounterJar : this.counterJar;
			return startCounter(Report.REFERENCE, jar, "r", "reference-", this.referenceTransport,
					this.referenceArguments, extraJvmOptions, timeout);
		}
		int id = ++this.started;
		Path socket = this.work.resolve("r" + id + ".sock");
		Path serverInfo = this.work.resolve("r" + id + ".info");
		List<String> command = command(extraJvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), ReferenceServer.class.getName(),
				"--socket-path=" + socket, "--server-info-path=" + serverInfo,
				"--transport=" + this.referenceTransport.id()));
		return ServerProcess.start(Report.REFERENCE, command, socket, serverInfo,
				this.work.resolve("reference-" + id + ".log"), timeout);
	}

	private ServerProcess startCounter(String name, Path jar, String prefix, String logPrefix, Transport transport,
			List<String> arguments, String extraJvmOptions, Duration timeout) throws IOException {
		if (!Files.isRegularFile(jar)) {
			throw new IOException("No counter sample at " + jar + ": run ./mvnw install first");
		}
		int id = ++this.started;
		Path socket = this.work.resolve(prefix + id + ".sock");
		Path serverInfo = this.work.resolve(prefix + id + ".info");
		List<String> command = command(extraJvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--numaflow.reducestream.socket-path=" + socket,
				"--numaflow.reducestream.server-info-path=" + serverInfo,
				"--numaflow.reducestream.transport=" + transport.id(),
				// The sample serves Actuator over HTTP: a free port, so that nothing else
				// on the machine can make it fail to start.
				"--server.port=0"));
		command.addAll(arguments);
		return ServerProcess.start(name, command, socket, serverInfo, this.work.resolve(logPrefix + id + ".log"),
				timeout);
	}

	/**
	 * The counter on the official SDK: its main takes the same options as the reference.
	 */
	ServerProcess startSdk(String extraJvmOptions, Duration timeout) throws IOException {
		Path jar = this.sdkJar;
		if (jar == null || !Files.isRegularFile(jar)) {
			throw new IOException("No SDK counter at " + jar + ": run ./mvnw install first");
		}
		int id = ++this.started;
		Path socket = this.work.resolve("s" + id + ".sock");
		Path serverInfo = this.work.resolve("s" + id + ".info");
		List<String> command = command(extraJvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--socket-path=" + socket, "--server-info-path=" + serverInfo));
		ServerProcess server = ServerProcess.start(Report.SDK, command, socket, serverInfo,
				this.work.resolve("sdk-" + id + ".log"), timeout);
		Matcher version = VERSION.matcher(Files.readString(serverInfo, StandardCharsets.UTF_8));
		this.sdkVersion = version.find() ? version.group(1) : null;
		return server;
	}

	/** The SDK version the last SDK server wrote in its server-info file, if any. */
	@Nullable String sdkVersion() {
		return this.sdkVersion;
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
