package dev.numaflow.reducestream.test.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.test.ReduceStreamClient;
import dev.numaflow.reducestream.transport.TransportUnavailableException;

/**
 * The emulator's command line:
 * {@code java -cp ... Emulator --socket=... --window=fixed:60s
 * --input=events.jsonl}, optionally starting the server first ({@code -- java -jar
 * app.jar ...}). A started server is given what the platform gives a UDF container: the
 * container type {@code udf} (unless set) and a directory for critical errors, whose new
 * entries are printed once the server has exited. It prints to standard output and exits
 * with 0 when every window ended well, 1 when one did not or the server could not be
 * reached, and 2 on a bad command line.
 */
public final class Emulator {

	/** The container type the platform gives a UDF container. */
	static final String CONTAINER_TYPE_ENV = "NUMAFLOW_UD_CONTAINER_TYPE";

	/**
	 * {@code numaflow.reducestream.application-errors-path} as an environment variable.
	 */
	static final String APPLICATION_ERRORS_ENV = "NUMAFLOW_REDUCESTREAM_APPLICATIONERRORSPATH";

	private Emulator() {
	}

	/**
	 * Run the emulator and exit with its status.
	 * @param args the command line
	 */
	public static void main(String[] args) {
		System.exit(run(args, System.in, System.out, System.err));
	}

	/**
	 * Run the emulator.
	 * @param args the command line
	 * @param stdin the input when {@code --input=-}
	 * @param out where results and the summary go
	 * @param err where errors go
	 * @return the exit status
	 */
	public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
		EmulatorOptions options;
		try {
			options = EmulatorOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			err.println("error: " + ex.getMessage());
			err.print(EmulatorOptions.USAGE);
			return 2;
		}
		Process server = null;
		ApplicationErrors applicationErrors = null;
		try {
			Path errorsDirectory = options.applicationErrors();
			if (errorsDirectory != null) {
				applicationErrors = ApplicationErrors.snapshot(errorsDirectory);
			}
			if (!options.serverCommand().isEmpty()) {
				server = start(options, applicationErrors, out);
			}
			Process started = server;
			if (!Files.isRegularFile(options.serverInfo())) {
				out.println("waiting up to " + WindowAssigner.format(options.waitTimeout())
						+ " for the server-info file " + options.serverInfo());
			}
			String info = ServerInfoWait.await(options.serverInfo(), options.waitTimeout(),
					() -> started == null || started.isAlive());
			out.println("server  " + options.socket() + "  " + info);
			out.println("windows " + options.windows() + ", allowed lateness "
					+ WindowAssigner.format(options.allowedLateness()));
			PlatformEmulator emulator = new PlatformEmulator(options.windows(), options.allowedLateness(),
					options.pace(), options.waitTimeout(), out, err);
			EmulatorSummary summary;
			try (ReduceStreamClient client = ReduceStreamClient.connect(options.socket(), options.transport());
					BufferedReader input = reader(options.input(), stdin)) {
				summary = emulator.run(input, client);
			}
			out.println(summary);
			if (options.pace().isZero() && summary.resultsWhileOpen() == 0 && summary.resultsAtEnd() > 0) {
				out.println("note: no result arrived while its window was open. Without --pace the events go as fast"
						+ " as the server takes them, so a result sent from onDatum can arrive after its window's"
						+ " half-close, where it counts as at the end; --pace=50ms spreads the events out as a live"
						+ " source does");
			}
			return summary.ok() ? 0 : 1;
		}
		catch (IOException | TransportUnavailableException ex) {
			err.println("error: " + ex.getMessage());
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			err.println("error: interrupted");
			return 1;
		}
		catch (UncheckedIOException ex) {
			err.println("error: " + ex.getMessage());
			return 1;
		}
		finally {
			if (server != null) {
				stop(server, out);
			}
			if (applicationErrors != null) {
				applicationErrors.printNew(out);
			}
		}
	}

	private static BufferedReader reader(@Nullable Path input, InputStream stdin) throws IOException {
		if (input == null) {
			return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
		}
		return Files.newBufferedReader(input, StandardCharsets.UTF_8);
	}

	private static Process start(EmulatorOptions options, @Nullable ApplicationErrors applicationErrors,
			PrintStream out) throws IOException {
		// The platform provides the socket's directory (the pod's /var/run/numaflow
		// volume);
		// the server refuses to create a missing one, so the emulator, playing the
		// platform, does.
		createParent(options.socket());
		createParent(options.serverInfo());
		// A file left by an earlier server would let the emulator connect too early.
		Files.deleteIfExists(options.serverInfo());
		ProcessBuilder builder = new ProcessBuilder(options.serverCommand()).redirectErrorStream(true)
			.redirectOutput(options.serverLog().toFile());
		// What the platform gives the UDF container: its container type, and the shared
		// volume for critical errors (the starter reads the property from this variable).
		builder.environment().putIfAbsent(CONTAINER_TYPE_ENV, "udf");
		if (applicationErrors != null) {
			Files.createDirectories(applicationErrors.directory());
			builder.environment().put(APPLICATION_ERRORS_ENV, applicationErrors.directory().toString());
		}
		Process process = builder.start();
		out.println("started server (pid " + process.pid() + "), its output goes to " + options.serverLog()
				+ ((applicationErrors != null) ? ", its critical errors to " + applicationErrors.directory() : ""));
		return process;
	}

	private static void createParent(Path file) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
	}

	private static void stop(Process server, PrintStream out) {
		if (!server.isAlive()) {
			out.println("the server had exited (exit status " + server.exitValue() + ")");
			return;
		}
		server.destroy();
		try {
			if (!server.waitFor(30, TimeUnit.SECONDS)) {
				server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			out.println("stopped server with SIGTERM (exit status " + server.exitValue() + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			server.destroyForcibly();
		}
		catch (IllegalThreadStateException ex) {
			out.println("the server did not stop");
		}
	}

}
