package dev.numaflow.reducestream.test.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
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
 * app.jar ...}). It prints to standard output and exits with 0 when every window ended
 * well, 1 when one did not or the server could not be reached, and 2 on a bad command
 * line.
 */
public final class Emulator {

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
		try {
			if (!options.serverCommand().isEmpty()) {
				server = start(options, out);
			}
			Process started = server;
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
		finally {
			if (server != null) {
				stop(server, out);
			}
		}
	}

	private static BufferedReader reader(@Nullable Path input, InputStream stdin) throws IOException {
		if (input == null) {
			return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
		}
		return Files.newBufferedReader(input, StandardCharsets.UTF_8);
	}

	private static Process start(EmulatorOptions options, PrintStream out) throws IOException {
		// The platform provides the socket's directory (the pod's /var/run/numaflow
		// volume);
		// the server refuses to create a missing one, so the emulator, playing the
		// platform, does.
		createParent(options.socket());
		createParent(options.serverInfo());
		// A file left by an earlier server would let the emulator connect too early.
		Files.deleteIfExists(options.serverInfo());
		Process process = new ProcessBuilder(options.serverCommand()).redirectErrorStream(true)
			.redirectOutput(options.serverLog().toFile())
			.start();
		out.println("started server (pid " + process.pid() + "), its output goes to " + options.serverLog());
		return process;
	}

	private static void createParent(Path file) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
	}

	private static void stop(Process server, PrintStream out) {
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
