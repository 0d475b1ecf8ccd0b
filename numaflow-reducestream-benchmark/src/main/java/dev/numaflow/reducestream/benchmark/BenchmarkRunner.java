package dev.numaflow.reducestream.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.transport.Transport;

/**
 * Runs the counter sample ("ours") and the {@link ReferenceServer} as separate processes,
 * side by side, rotating which goes first, and prints the medians and ratios. With
 * {@code --with-sdk} the counter on the official numaflow-java SDK joins them as a third
 * server ({@code numaflow-reducestream-benchmark-sdk}, see {@link LegacyWindowHeaders}).
 * See {@code run.sh} and {@code BENCHMARKS.md}.
 * <p>
 * Options: {@code --quick} (one repetition, short paced run), {@code --reps=N},
 * {@code --memory-reps=N}, {@code --warm-ups=N} (passes of every timed workload before
 * the rounds, default 2), {@code --messages=N} (messages per round of W1-W3, default
 * 3,000,000; {@code --quick} 200,000), {@code --paced-seconds=N},
 * {@code --counter-jar=PATH}, {@code --server-jvm-opts="..."} (every server),
 * {@code --ours-args="..."} (application arguments of the counter sample, such as
 * {@code --numaflow.reducestream.max-threads=2}), {@code --workloads=W1,W5} (a subset),
 * {@code --skip-million}, {@code --million-reps=N} (rounds of W6, default 1),
 * {@code --key-set-warm-up=small} (warm W4 and W6 up with 5,000 key sets instead of
 * 100,000), {@code --profile=PATH/libasyncProfiler.so} (profile the servers during the
 * measured repetitions, see {@link Profiler}), {@code --with-sdk},
 * {@code --sdk-jar=PATH}, {@code --sdk-window-headers=false} (drive the SDK exactly as
 * the other two, which it fails), {@code --markdown=FILE}, {@code --transport=T} (every
 * server and the client: auto, epoll, kqueue or nio), {@code --ours-transport=T},
 * {@code --reference-transport=T}, {@code --client-transport=T} (one side only),
 * {@code --reference=counter} (the counter sample as the reference too, to compare one
 * server on two transports or in two configurations), {@code --reference-args="..."} (the
 * reference counter's application arguments; {@code --ours-args} then go to ours only:
 * {@code --reference=counter --ours-args=--counter.style=typed} measures typed payloads
 * against raw bytes), {@code --reference-counter-jar=PATH} (with
 * {@code --reference=counter}: the reference runs this build of the counter, such as the
 * plain one against {@code --counter-jar=samples/counter/target/counter-traced.jar}),
 * {@code --trace-context} (every datum carries a sampled W3C trace context in its
 * {@code tracing} system metadata, as the platform sends it with tracing on).
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

	private static final String SDK_JAR = "numaflow-reducestream-benchmark-sdk/target/numaflow-reducestream-benchmark-sdk.jar";

	/**
	 * The warm-up of the key-set workloads before session 7 (and with
	 * {@code --key-set-warm-up=small}): far smaller than the workload, so that the
	 * measured pass still runs much of its code for the first time.
	 */
	private static final Workload SMALL_WARM_UP = Workload.throughput("warm-up", 1, 5_000, 50_000);

	private final PrintStream out = System.out;

	private final Arguments arguments;

	private final boolean quick;

	private final Servers servers;

	private final List<Measurement> measurements = new ArrayList<>();

	private final List<Measurement> memoryMeasurements = new ArrayList<>();

	private final List<Measurement> millionMeasurements = new ArrayList<>();

	private final List<Contender> contenders = new ArrayList<>();

	private final Map<String, List<Double>> startupMillis = new HashMap<>();

	private @Nullable String sdkVersion;

	private final @Nullable Profiler profiler;

	private int profiles;

	private BenchmarkRunner(Arguments arguments, Servers servers) {
		this.arguments = arguments;
		this.quick = arguments.flag("quick");
		this.servers = servers;
		Transport transport = Transport.parse(arguments.get("transport", "auto"));
		Transport client = Transport.parse(arguments.get("client-transport", transport.id()));
		boolean traceContext = arguments.flag("trace-context");
		this.contenders.add(new Contender(Report.OURS, this::startOurs, false, client, traceContext));
		this.contenders.add(new Contender(Report.REFERENCE, this::startReference, false, client, traceContext));
		if (arguments.flag("with-sdk")) {
			boolean headers = Boolean.parseBoolean(arguments.get("sdk-window-headers", "true"));
			this.contenders.add(new Contender(Report.SDK, this::startSdk, headers, client, traceContext));
		}
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
				arguments.get("server-jvm-opts", ""), arguments.get("ours-args", ""),
				Path.of(arguments.get("sdk-jar", SDK_JAR)));
		String transport = arguments.get("transport", "auto");
		servers.transports(Transport.parse(arguments.get("ours-transport", transport)),
				Transport.parse(arguments.get("reference-transport", transport)));
		String reference = arguments.get("reference", "bare");
		if (reference.equals("counter")) {
			servers.counterAsReference(arguments.get("reference-args", ""));
			String referenceJar = arguments.get("reference-counter-jar");
			if (referenceJar != null) {
				servers.referenceCounterJar(Path.of(referenceJar));
			}
		}
		else if (!reference.equals("bare")) {
			throw new IllegalArgumentException("--reference is 'bare' (grpc-java, the default) or 'counter' (the"
					+ " counter sample, to compare transports), not '" + reference + "'");
		}
		new BenchmarkRunner(arguments, servers).run(work);
	}

	private void run(Path work) throws IOException, InterruptedException {
		int reps = this.arguments.getInt("reps", this.quick ? 1 : 5);
		int memoryReps = this.arguments.getInt("memory-reps", this.quick ? 1 : 2);
		int pacedSeconds = this.arguments.getInt("paced-seconds", this.quick ? 3 : 6);
		// A round of W1-W3 lasts seconds (3,000,000 datums, 4-6 s here), so that it
		// measures the steady state rather than the JIT's last compilations: at 1,000,000
		// both servers used more CPU per datum, the reference more so (BENCHMARKS.md,
		// session 10).
		int messages = this.arguments.getInt("messages", this.quick ? 200_000 : 3_000_000);
		Workload oneKey = Workload.throughput("W1", 1, 1, messages);
		Workload thousandKeys = Workload.throughput("W2", 1, 1_000, messages);
		Workload fourStreams = Workload.throughput("W3", 4, 100, messages / 4);
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
		this.contenders.stream().filter(Contender::isSdk).forEach((sdk) -> this.out.println(sdk.describeSdk()));
		this.out.println(describeTransports());
		if (!timed.isEmpty()) {
			timedPhase(timed, reps);
		}
		// The key-set workloads run on fresh servers; by default each is first warmed up
		// with 100,000 key sets (W4's own shape) so that the measured pass is not mostly
		// JIT compilation. --key-set-warm-up=small restores the earlier, smaller warm-up.
		boolean smallWarmUp = "small".equals(this.arguments.get("key-set-warm-up", "full"));
		Workload keySetWarmUp = smallWarmUp ? SMALL_WARM_UP
				: Workload.throughput("warm-up", 1, manyKeySets.keysPerStream(), manyKeySets.messagesPerStream());
		if (selected.contains(manyKeySets.name())) {
			memoryPhase(manyKeySets, memoryReps, "", keySetWarmUp, this.memoryMeasurements);
		}
		if (selected.contains(million.name()) && !this.arguments.flag("skip-million")) {
			memoryPhase(million, this.arguments.getInt("million-reps", 1), "-Xmx1g", keySetWarmUp,
					this.millionMeasurements);
		}
		this.out.println();
		this.out.println("load after: " + Machine.loadAverage() + ", took "
				+ Duration.between(began, Instant.now()).toSeconds() + " s");
		String table = new Summary(this.measurements, this.memoryMeasurements, this.millionMeasurements,
				this.startupMillis, sdkNote())
			.markdown(List.of(oneKey, thousandKeys, fourStreams), paced, manyKeySets, million);
		this.out.println();
		this.out.print(table);
		String markdown = this.arguments.get("markdown");
		if (markdown != null) {
			Files.writeString(Path.of(markdown), table, StandardCharsets.UTF_8);
		}
	}

	/** Which transport each server and the client use, and what the reference is. */
	private String describeTransports() {
		String transport = this.arguments.get("transport", "auto");
		String reference = this.servers.isCounterReference() ? "the counter sample" : "bare grpc-java";
		return "transports: ours " + this.arguments.get("ours-transport", transport) + ", reference (" + reference
				+ ") " + this.arguments.get("reference-transport", transport) + ", client "
				+ this.arguments.get("client-transport", transport) + " (auto is epoll on Linux)";
	}

	/** Every server up once, warmed up, then every workload on each, rotating. */
	private void timedPhase(List<Workload> workloads, int reps) throws IOException, InterruptedException {
		int warmUps = this.arguments.getInt("warm-ups", this.quick ? 1 : 2);
		int count = this.contenders.size();
		this.out.println();
		this.out.println("## throughput and latency: " + ((count == 2) ? "both servers" : "all " + count + " servers")
				+ " up, warm-up, then " + reps + ((count == 2) ? " alternating" : " rotating") + " rounds");
		List<ServerProcess> processes = new ArrayList<>();
		List<LoadGenerator> clients = new ArrayList<>();
		try {
			for (Contender contender : this.contenders) {
				ServerProcess server = contender.start("");
				processes.add(server);
				clients.add(contender.client(server));
			}
			for (Workload workload : workloads) {
				Workload warmUp = workload.paced() ? Workload.paced("warm-up", 10, 10_000, 1) : workload;
				for (int pass = 0; pass < warmUps; pass++) {
					for (int index = 0; index < count; index++) {
						this.out
							.println("warm-up " + warmUp(processes.get(index), clients.get(index), warmUp).describe());
					}
				}
			}
			for (int rep = 0; rep < reps; rep++) {
				for (Workload workload : workloads) {
					for (int turn = 0; turn < count; turn++) {
						int index = (rep + turn) % count;
						Measurement measurement = measure(processes.get(index), clients.get(index), workload, false);
						this.measurements.add(measurement);
						this.out.println(measurement.describe());
					}
				}
			}
		}
		finally {
			for (int index = clients.size() - 1; index >= 0; index--) {
				clients.get(index).close();
			}
			for (int index = processes.size() - 1; index >= 0; index--) {
				processes.get(index).close();
			}
		}
	}

	/**
	 * Fresh processes per repetition, so that the peak resident set is this workload's.
	 */
	private void memoryPhase(Workload workload, int reps, String jvmOptions, Workload warmUp, List<Measurement> into)
			throws IOException, InterruptedException {
		this.out.println();
		this.out.println("## " + workload.describe() + ": fresh servers " + jvmOptions + ", " + reps
				+ " round(s), each after a warm-up of " + warmUp.keysPerStream() + " key sets, "
				+ warmUp.messagesPerStream() + " messages");
		int count = this.contenders.size();
		for (int rep = 0; rep < reps; rep++) {
			for (int turn = 0; turn < count; turn++) {
				Contender contender = this.contenders.get((rep + turn) % count);
				try (ServerProcess server = contender.start(jvmOptions);
						LoadGenerator client = contender.client(server)) {
					// Unmeasured, on the same process and client: the measured pass runs
					// compiled code, as in a long-running pod, not the JIT's first go.
					warmUp(server, client, warmUp);
					Measurement measurement = measure(server, client, workload, true);
					into.add(measurement);
					this.out.println(measurement.describe());
				}
			}
		}
	}

	private ServerProcess startOurs(String jvmOptions) throws IOException {
		return started(
				this.servers.startOurs(jvmOptions + " " + this.arguments.get("ours-jvm-opts", ""), START_TIMEOUT));
	}

	private ServerProcess startReference(String jvmOptions) throws IOException {
		return started(this.servers.startReference(jvmOptions + " " + this.arguments.get("reference-jvm-opts", ""),
				START_TIMEOUT));
	}

	private ServerProcess startSdk(String jvmOptions) throws IOException {
		ServerProcess server = started(this.servers.startSdk(jvmOptions, START_TIMEOUT));
		this.sdkVersion = this.servers.sdkVersion();
		return server;
	}

	private ServerProcess started(ServerProcess server) throws IOException {
		this.startupMillis.computeIfAbsent(server.name(), (name) -> new ArrayList<>())
			.add(server.startup().toNanos() / 1e6);
		this.out.printf(Locale.ROOT, "started %s (pid %d) in %d ms, resident %d MiB%n", server.name(), server.pid(),
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
		Map<String, Long> compilerBefore = server.compilerTicks();
		Duration timeout = (workload.keySets() >= 1_000_000) ? MILLION_TIMEOUT
				: (workload.keySets() >= 100_000) ? KEY_SETS_TIMEOUT : RUN_TIMEOUT;
		RunResult run = client.run(workload, timeout, server::isAlive);
		long cpu = -1;
		long rss = -1;
		long compiler = -1;
		if (server.isAlive()) {
			try {
				cpu = server.cpuNanos() - cpuBefore;
				compiler = ProcStats.compilerNanosBetween(compilerBefore, server.compilerTicks());
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

	/**
	 * What the SDK's column header says: its version and how it was driven, or
	 * {@code null} without the SDK.
	 */
	private @Nullable String sdkNote() {
		Contender sdk = this.contenders.stream().filter(Contender::isSdk).findFirst().orElse(null);
		if (sdk == null) {
			return null;
		}
		String version = (this.sdkVersion != null) ? "numaflow-java " + this.sdkVersion : "numaflow-java";
		return version + (sdk.legacyWindowHeaders() ? ", with " + LegacyWindowHeaders.NAME : "");
	}

}
