package dev.numaflow.reducestream.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Runs the counter sample ("ours") and the {@link ReferenceServer} as separate processes,
 * side by side, alternating which goes first, and prints the medians and ratios. See
 * {@code run.sh} and {@code BENCHMARKS.md}.
 * <p>
 * Options: {@code --quick} (one repetition, short paced run), {@code --reps=N},
 * {@code --memory-reps=N}, {@code --warm-ups=N} (passes of every timed workload before
 * the rounds, default 2), {@code --paced-seconds=N}, {@code --counter-jar=PATH},
 * {@code --server-jvm-opts="..."} (both servers), {@code --ours-args="..."} (application
 * arguments of the counter sample, such as
 * {@code --numaflow.reducestream.max-threads=2}), {@code --workloads=W1,W5} (a subset),
 * {@code --skip-million}, {@code --profile=PATH/libasyncProfiler.so} (profile both
 * servers during the measured repetitions, see {@link Profiler}),
 * {@code --markdown=FILE}.
 */
public final class BenchmarkRunner {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

	private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

	/**
	 * The 100,000 key sets take the reference 5-15 s; more than this is reported as not
	 * completed, and keeps the whole run near 10 minutes.
	 */
	private static final Duration KEY_SETS_TIMEOUT = Duration.ofSeconds(150);

	/**
	 * The 1,000,000 key sets take the reference 15-55 s, depending on the machine's load;
	 * the target is that ours completes, so it gets the time a loaded machine needs.
	 */
	private static final Duration MILLION_TIMEOUT = Duration.ofMinutes(4);

	private static final Workload MEMORY_WARM_UP = Workload.throughput("warm-up", 1, 5_000, 50_000);

	private final PrintStream out = System.out;

	private final Arguments arguments;

	private final boolean quick;

	private final Servers servers;

	private final List<Measurement> measurements = new ArrayList<>();

	private final List<Measurement> memoryMeasurements = new ArrayList<>();

	private final List<Measurement> millionMeasurements = new ArrayList<>();

	private final List<Double> oursStartupMillis = new ArrayList<>();

	private final List<Double> referenceStartupMillis = new ArrayList<>();

	private final @Nullable Profiler profiler;

	private int profiles;

	private BenchmarkRunner(Arguments arguments, Servers servers) {
		this.arguments = arguments;
		this.quick = arguments.flag("quick");
		this.servers = servers;
		String library = arguments.get("profile");
		this.profiler = (library != null) ? new Profiler(Path.of(library), servers.workDirectory()) : null;
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		Arguments arguments = Arguments.parse(args);
		// The servers are this process's children: stop them if the runner is stopped.
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> ProcessHandle.current().children().forEach(ProcessHandle::destroy)));
		Path work = Files.createTempDirectory(Path.of("/tmp"), "nrsb-");
		Servers servers = new Servers(work, Path.of(arguments.get("counter-jar", "samples/counter/target/counter.jar")),
				arguments.get("server-jvm-opts", ""), arguments.get("ours-args", ""));
		new BenchmarkRunner(arguments, servers).run(work);
	}

	private void run(Path work) throws IOException, InterruptedException {
		int reps = this.arguments.getInt("reps", this.quick ? 1 : 5);
		int memoryReps = this.arguments.getInt("memory-reps", this.quick ? 1 : 2);
		int pacedSeconds = this.arguments.getInt("paced-seconds", this.quick ? 3 : 6);
		Workload oneKey = Workload.throughput("W1", 1, 1, 200_000);
		Workload thousandKeys = Workload.throughput("W2", 1, 1_000, 200_000);
		Workload fourStreams = Workload.throughput("W3", 4, 100, 50_000);
		Workload manyKeySets = Workload.throughput("W4", 1, 100_000, 200_000);
		Workload paced = Workload.paced("W5", 10, 10_000, pacedSeconds);
		Workload million = Workload.throughput("W6", 1, 1_000_000, 2_000_000);
		List<String> selected = List.of(this.arguments.get("workloads", "W1,W2,W3,W4,W5,W6").split(",", -1));
		List<Workload> timed = List.of(oneKey, thousandKeys, fourStreams, paced)
			.stream()
			.filter((workload) -> selected.contains(workload.name()))
			.toList();
		Instant began = Instant.now();
		this.out.println("# numaflow-reducestream benchmark " + began);
		this.out.println(Machine.describe());
		this.out.printf(Locale.ROOT, "repetitions %d, memory repetitions %d, paced %d s, work directory %s%n", reps,
				memoryReps, pacedSeconds, work);
		for (Workload workload : List.of(oneKey, thousandKeys, fourStreams, paced, manyKeySets, million)) {
			this.out.println("  " + workload.describe());
		}
		if (!timed.isEmpty()) {
			timedPhase(timed, reps);
		}
		if (selected.contains(manyKeySets.name())) {
			memoryPhase(manyKeySets, memoryReps, "", this.memoryMeasurements);
		}
		if (selected.contains(million.name()) && !this.arguments.flag("skip-million")) {
			memoryPhase(million, 1, "-Xmx1g", this.millionMeasurements);
		}
		this.out.println();
		this.out.println("load after: " + Machine.loadAverage() + ", took "
				+ Duration.between(began, Instant.now()).toSeconds() + " s");
		String table = table(List.of(oneKey, thousandKeys, fourStreams), paced, manyKeySets, million);
		this.out.println();
		this.out.print(table);
		String markdown = this.arguments.get("markdown");
		if (markdown != null) {
			Files.writeString(Path.of(markdown), table, StandardCharsets.UTF_8);
		}
	}

	/** Both servers up once, warmed up, then every workload on each, alternating. */
	private void timedPhase(List<Workload> workloads, int reps) throws IOException, InterruptedException {
		int warmUps = this.arguments.getInt("warm-ups", this.quick ? 1 : 2);
		this.out.println();
		this.out.println("## throughput and latency: both servers up, warm-up, then " + reps + " alternating rounds");
		try (ServerProcess ours = startOurs("");
				ServerProcess reference = startReference("");
				LoadGenerator oursClient = new LoadGenerator(ours.socket());
				LoadGenerator referenceClient = new LoadGenerator(reference.socket())) {
			for (Workload workload : workloads) {
				Workload warmUp = workload.paced() ? Workload.paced("warm-up", 10, 10_000, 1) : workload;
				for (int pass = 0; pass < warmUps; pass++) {
					this.out.println("warm-up " + warmUp(ours, oursClient, warmUp).describe());
					this.out.println("warm-up " + warmUp(reference, referenceClient, warmUp).describe());
				}
			}
			for (int rep = 0; rep < reps; rep++) {
				boolean oursFirst = rep % 2 == 0;
				for (Workload workload : workloads) {
					for (int turn = 0; turn < 2; turn++) {
						boolean oursTurn = (turn == 0) == oursFirst;
						Measurement measurement = oursTurn ? measure(ours, oursClient, workload, false)
								: measure(reference, referenceClient, workload, false);
						this.measurements.add(measurement);
						this.out.println(measurement.describe());
					}
				}
			}
		}
	}

	/**
	 * Fresh processes per repetition, so that the peak resident set is this workload's.
	 */
	private void memoryPhase(Workload workload, int reps, String jvmOptions, List<Measurement> into)
			throws IOException, InterruptedException {
		this.out.println();
		this.out.println("## " + workload.describe() + ": fresh servers " + jvmOptions + ", " + reps + " round(s)");
		for (int rep = 0; rep < reps; rep++) {
			boolean oursFirst = rep % 2 == 0;
			for (int turn = 0; turn < 2; turn++) {
				boolean oursTurn = (turn == 0) == oursFirst;
				try (ServerProcess server = oursTurn ? startOurs(jvmOptions) : startReference(jvmOptions);
						LoadGenerator client = new LoadGenerator(server.socket())) {
					// A short warm-up of the same shape, far smaller than the workload,
					// so
					// that JIT compilation does not dominate the measured CPU time.
					warmUp(server, client, MEMORY_WARM_UP);
					Measurement measurement = measure(server, client, workload, true);
					into.add(measurement);
					this.out.println(measurement.describe());
				}
			}
		}
	}

	private ServerProcess startOurs(String jvmOptions) throws IOException {
		ServerProcess server = this.servers.startOurs(jvmOptions, START_TIMEOUT);
		this.oursStartupMillis.add(server.startup().toNanos() / 1e6);
		this.out.printf(Locale.ROOT, "started ours (pid %d) in %d ms, resident %d MiB%n", server.pid(),
				server.startup().toMillis(), ProcStats.rssBytes(server.pid()) / 1048576);
		return server;
	}

	private ServerProcess startReference(String jvmOptions) throws IOException {
		ServerProcess server = this.servers.startReference(jvmOptions, START_TIMEOUT);
		this.referenceStartupMillis.add(server.startup().toNanos() / 1e6);
		this.out.printf(Locale.ROOT, "started reference (pid %d) in %d ms, resident %d MiB%n", server.pid(),
				server.startup().toMillis(), ProcStats.rssBytes(server.pid()) / 1048576);
		return server;
	}

	private Measurement warmUp(ServerProcess server, LoadGenerator client, Workload workload)
			throws IOException, InterruptedException {
		return run(server, client, workload, false, false);
	}

	private Measurement measure(ServerProcess server, LoadGenerator client, Workload workload, boolean peakRss)
			throws IOException, InterruptedException {
		return run(server, client, workload, peakRss, true);
	}

	private Measurement run(ServerProcess server, LoadGenerator client, Workload workload, boolean peakRss,
			boolean profile) throws IOException, InterruptedException {
		Profiler profiler = profile ? this.profiler : null;
		if (profiler != null) {
			profiler.start(server);
		}
		long cpuBefore = server.cpuNanos();
		long compilerBefore = server.compilerCpuNanos();
		Duration timeout = (workload.keySets() >= 1_000_000) ? MILLION_TIMEOUT
				: (workload.keySets() >= 100_000) ? KEY_SETS_TIMEOUT : RUN_TIMEOUT;
		RunResult run = client.run(workload, timeout, server::isAlive);
		long cpu = -1;
		long rss = -1;
		long compiler = -1;
		if (server.isAlive()) {
			try {
				cpu = server.cpuNanos() - cpuBefore;
				compiler = Math.max(0, server.compilerCpuNanos() - compilerBefore);
				rss = peakRss ? server.peakRssBytes() : -1;
			}
			catch (IOException ex) {
				// It exited after all: report what the client saw.
			}
		}
		if (profiler != null && server.isAlive()) {
			this.profiles++;
			profiler.stop(server, workload.name() + "-" + this.profiles);
		}
		return new Measurement(server.name(), run, cpu, rss, compiler);
	}

	private String table(List<Workload> throughput, Workload paced, Workload manyKeySets, Workload million) {
		Report report = new Report();
		for (Workload workload : throughput) {
			report.metric(workload, "throughput (msg/s)", this.measurements, (m) -> m.run().messagesPerSecond(),
					"%,.0f", 0.8, true);
			report.metric(workload, "server CPU (us/msg)", this.measurements, Measurement::serverCpuMicrosPerMessage,
					"%.2f", 1.5, false);
			report.metric(workload, "server CPU without JIT threads (us/msg)", this.measurements,
					Measurement::serverCpuWithoutCompilerMicrosPerMessage, "%.2f", null, false);
			report.metric(workload, "time to first result (ms)", this.measurements,
					(m) -> m.run().firstResultNanos() / 1e6, "%.2f", null, false);
		}
		report.metric(paced, "latency p50 (ms)", this.measurements, (m) -> m.run().latencies().percentile(50) / 1e6,
				"%.3f", null, false);
		report.metric(paced, "latency p99 (ms)", this.measurements, (m) -> m.run().latencies().percentile(99) / 1e6,
				"%.3f", 2.0, false);
		report.metric(paced, "latency max (ms)", this.measurements, (m) -> m.run().latencies().percentile(100) / 1e6,
				"%.3f", null, false);
		report.metric(paced, "server CPU (us/msg)", this.measurements, Measurement::serverCpuMicrosPerMessage, "%.2f",
				null, false);
		if (!this.memoryMeasurements.isEmpty()) {
			report.text(manyKeySets.name(), "completed", completed(this.memoryMeasurements, Report.OURS),
					completed(this.memoryMeasurements, Report.REFERENCE), "-");
		}
		report.metric(manyKeySets, "peak RSS (MiB), every run", this.memoryMeasurements,
				(m) -> m.peakRssBytes() / 1048576.0, "%.0f", 1.2, false, false);
		report.metric(manyKeySets, "throughput (msg/s)", this.memoryMeasurements, (m) -> m.run().messagesPerSecond(),
				"%,.0f", null, true);
		report.metric(manyKeySets, "server CPU (us/msg)", this.memoryMeasurements,
				Measurement::serverCpuMicrosPerMessage, "%.2f", null, false);
		if (!this.millionMeasurements.isEmpty()) {
			report.text(million.name(), "completed with -Xmx1g", completed(this.millionMeasurements, Report.OURS),
					completed(this.millionMeasurements, Report.REFERENCE), "completes");
			report.metric(million, "peak RSS (MiB), every run", this.millionMeasurements,
					(m) -> m.peakRssBytes() / 1048576.0, "%.0f", null, false, false);
			report.metric(million, "throughput (msg/s)", this.millionMeasurements, (m) -> m.run().messagesPerSecond(),
					"%,.0f", null, true);
		}
		report.row("start", "process start to server-info file (ms)", toArray(this.oursStartupMillis),
				toArray(this.referenceStartupMillis), "%.0f", null, false);
		return report.markdown();
	}

	private static String completed(List<Measurement> measurements, String server) {
		long ok = measurements.stream().filter((m) -> m.server().equals(server) && m.run().ok()).count();
		long all = measurements.stream().filter((m) -> m.server().equals(server)).count();
		return ok + " of " + all;
	}

	private static double[] toArray(List<Double> values) {
		return values.stream().mapToDouble(Double::doubleValue).toArray();
	}

}
