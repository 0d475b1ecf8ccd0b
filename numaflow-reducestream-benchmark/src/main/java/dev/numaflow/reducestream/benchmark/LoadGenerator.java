package dev.numaflow.reducestream.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCalls;

import dev.numaflow.reducestream.client.ReduceRequests;
import dev.numaflow.reducestream.client.ReduceStreamChannel;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.transport.Transport;

/**
 * The platform's side of the protocol: one connection (as the {@code numa} container
 * opens), many {@code ReduceFn} streams on it, responses handled on the transport thread.
 */
final class LoadGenerator implements AutoCloseable {

	/** Windows of one minute, from a fixed epoch-aligned start. */
	private static final long WINDOW_MILLIS = 60_000;

	private static final long FIRST_WINDOW_MILLIS = 1_767_225_600_000L;

	private final ReduceStreamChannel connection;

	private final ManagedChannel channel;

	private final boolean legacyWindowHeaders;

	private final boolean traceContext;

	private int windows;

	LoadGenerator(Path socket) {
		this(socket, false, Transport.AUTO, false);
	}

	/**
	 * A client of the server on {@code socket}.
	 * @param legacyWindowHeaders whether every stream also carries the
	 * {@link LegacyWindowHeaders} (the official SDK's streams only)
	 * @param transport the transport the client connects through
	 * @param traceContext whether every datum carries a sampled W3C trace context in its
	 * {@code tracing} system metadata
	 */
	LoadGenerator(Path socket, boolean legacyWindowHeaders, Transport transport, boolean traceContext) {
		this.legacyWindowHeaders = legacyWindowHeaders;
		this.traceContext = traceContext;
		this.connection = ReduceStreamChannel.builder(socket).directExecutor().transport(transport).connect();
		this.channel = this.connection.channel();
	}

	/**
	 * Runs a workload to its end, or until the timeout or until {@code serverAlive} says
	 * the server has gone.
	 */
	RunResult run(Workload workload, Duration timeout, BooleanSupplier serverAlive) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(workload.streams());
		AtomicLong firstResultAt = new AtomicLong();
		List<StreamDriver> drivers = new ArrayList<>();
		for (int stream = 0; stream < workload.streams(); stream++) {
			drivers.add(new StreamDriver(nextWindow(), workload.keysPerStream(), workload.messagesPerStream(),
					workload.paced(), firstResultAt, done, this.traceContext));
		}
		long cpuBefore = processCpuNanos();
		long start = System.nanoTime();
		for (StreamDriver driver : drivers) {
			Channel channel = this.legacyWindowHeaders
					? ClientInterceptors.intercept(this.channel, LegacyWindowHeaders.of(driver.window()))
					: this.channel;
			ClientCalls.asyncBidiStreamingCall(channel.newCall(ReduceGrpc.getReduceFnMethod(), CallOptions.DEFAULT),
					driver);
		}
		if (workload.paced()) {
			pace(drivers.get(0), workload);
		}
		long deadline = start + timeout.toNanos();
		boolean completed = false;
		while (System.nanoTime() < deadline && serverAlive.getAsBoolean()) {
			if (done.await(100, TimeUnit.MILLISECONDS)) {
				completed = true;
				break;
			}
		}
		long cpu = processCpuNanos() - cpuBefore;
		long end = start;
		String problem = completed ? null : "did not complete within " + timeout.toSeconds() + " s"
				+ (serverAlive.getAsBoolean() ? "" : " (the server exited)");
		long results = 0;
		List<Long> latencies = new ArrayList<>();
		for (StreamDriver driver : drivers) {
			end = Math.max(end, driver.completedAt());
			if (problem == null) {
				problem = driver.problem();
			}
			results += driver.results();
			latencies.addAll(driver.latencies());
		}
		long first = firstResultAt.get();
		return new RunResult(workload, completed, problem, end - start, (first != 0) ? first - start : -1, results,
				Latencies.of(latencies.stream().mapToLong(Long::longValue).toArray()), cpu);
	}

	private static void pace(StreamDriver driver, Workload workload) {
		long start = System.nanoTime();
		double interval = 1e9 / workload.ratePerSecond();
		for (long index = 0; index < workload.messagesPerStream(); index++) {
			long due = start + (long) (index * interval);
			long now;
			while ((now = System.nanoTime()) < due) {
				LockSupport.parkNanos(due - now);
			}
			driver.send(index);
		}
		driver.halfClose();
	}

	private Window nextWindow() {
		long start = FIRST_WINDOW_MILLIS + WINDOW_MILLIS * this.windows++;
		return ReduceRequests.window(start, start + WINDOW_MILLIS);
	}

	private static long processCpuNanos() {
		java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
			return sun.getProcessCpuTime();
		}
		return 0;
	}

	@Override
	public void close() {
		this.connection.close();
	}

}
