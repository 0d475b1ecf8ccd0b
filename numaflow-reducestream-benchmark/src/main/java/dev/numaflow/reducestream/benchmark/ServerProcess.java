package dev.numaflow.reducestream.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A server under test, started as its own process; ready once its server-info file
 * exists, which is also how long its start-up took.
 */
final class ServerProcess implements AutoCloseable {

	private final String name;

	private final Process process;

	private final Path socket;

	private final Duration startup;

	private ServerProcess(String name, Process process, Path socket, Duration startup) {
		this.name = name;
		this.process = process;
		this.socket = socket;
		this.startup = startup;
	}

	/**
	 * Starts the command and waits for its server-info file.
	 * @param name the server's name, for messages
	 * @param command the command line
	 * @param socket the socket the server binds
	 * @param serverInfo the file the server writes once it listens
	 * @param log where the process's output goes
	 * @param timeout how long to wait for the server-info file
	 */
	static ServerProcess start(String name, List<String> command, Path socket, Path serverInfo, Path log,
			Duration timeout) throws IOException {
		Files.deleteIfExists(serverInfo);
		Files.deleteIfExists(socket);
		long start = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		long deadline = start + timeout.toNanos();
		while (!Files.exists(serverInfo)) {
			if (!process.isAlive()) {
				throw new IOException(name + " exited with " + process.exitValue() + " before it listened; see " + log);
			}
			if (System.nanoTime() > deadline) {
				process.destroyForcibly();
				throw new IOException(name + " wrote no server-info file within " + timeout + "; see " + log);
			}
			LockSupport.parkNanos(1_000_000);
		}
		return new ServerProcess(name, process, socket, Duration.ofNanos(System.nanoTime() - start));
	}

	String name() {
		return this.name;
	}

	long pid() {
		return this.process.pid();
	}

	Path socket() {
		return this.socket;
	}

	/** Process start to server-info file written. */
	Duration startup() {
		return this.startup;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	long cpuNanos() throws IOException {
		return ProcStats.cpuNanos(pid());
	}

	Map<String, Long> compilerTicks() throws IOException {
		return ProcStats.compilerTicks(pid());
	}

	long peakRssBytes() throws IOException {
		return ProcStats.peakRssBytes(pid());
	}

	void resetPeakRss() throws IOException {
		ProcStats.resetPeakRss(pid());
	}

	/** SIGTERM, then SIGKILL if the process has not exited within 30 s. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
