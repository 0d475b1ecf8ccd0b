package dev.numaflow.reducestream.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Profiles a server process with async-profiler, loaded into it with
 * {@code jcmd <pid> JVMTI.agent_load}: CPU samples during the measured runs, then a flat
 * profile (top frames), collapsed stacks and a flame graph in the work directory. The
 * options are quoted: jcmd would otherwise cut them at the first comma.
 */
final class Profiler {

	private final Path library;

	private final Path output;

	Profiler(Path library, Path output) {
		this.library = library.toAbsolutePath();
		this.output = output;
	}

	void start(ServerProcess server) throws IOException, InterruptedException {
		agent(server, "start,event=cpu,interval=1ms,threads");
	}

	void stop(ServerProcess server, String label) throws IOException, InterruptedException {
		String prefix = this.output.resolve(server.name() + "-" + label + "-" + server.pid()).toString();
		agent(server, "stop,file=" + prefix + "-flat.txt,flat=40,traces=0");
		agent(server, "dump,file=" + prefix + ".collapsed,collapsed");
		agent(server, "dump,file=" + prefix + ".html");
		System.out.println("profile of " + server.name() + ": " + prefix + "-flat.txt, .collapsed, .html");
	}

	private void agent(ServerProcess server, String options) throws IOException, InterruptedException {
		Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
		Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(server.pid()), "JVMTI.agent_load",
				this.library.toString(), "\"" + options + "\""))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || !output.contains("return code: 0")) {
			throw new IOException("async-profiler '" + options + "' failed in " + server.name() + ": " + output);
		}
	}

}
