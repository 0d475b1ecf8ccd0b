package dev.numaflow.reducestream.jmh;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.numaflow.reducestream.metrics.ReduceStreamMetrics;

/**
 * The meters the runtime updates per datum, on the Prometheus registry the counter sample
 * ships: the {@code numaflow.reducestream.handler} timer with its pair of
 * {@code System.nanoTime()} calls and the {@code numaflow.reducestream.datums} counter.
 * One registry shared by every thread, as in a server; run with {@code -t 1} and
 * {@code -t 4}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DatumMetersBenchmark {

	private static final long WATERMARK = 1_764_000_000_000L;

	/** One registry and its meters, shared by the benchmark's threads. */
	@State(Scope.Benchmark)
	public static class Meters {

		final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

		final Timer timer = Timer.builder("bench.handler").tags(Tags.of("vertex", "v")).register(this.registry);

		final Counter counter = Counter.builder("bench.datums").tags(Tags.of("vertex", "v")).register(this.registry);

		final ReduceStreamMetrics metrics = new ReduceStreamMetrics(Tags.of("vertex", "v"), System::currentTimeMillis);

		/** Binds the runtime's meters to the registry, as Spring Boot does. */
		@Setup
		public void bind() {
			this.metrics.bindTo(this.registry);
		}

	}

	/**
	 * Nothing: the harness's own cost.
	 */
	@Benchmark
	public void baseline() {
	}

	/**
	 * The pair of clock reads around the handler, no meter.
	 * @return the elapsed nanoseconds
	 */
	@Benchmark
	public long nanoTimePair() {
		long start = System.nanoTime();
		return System.nanoTime() - start;
	}

	/**
	 * {@code Counter.increment()} + the clock pair + {@code Timer.record(nanos)}.
	 * @param meters the meters
	 */
	@Benchmark
	public void counterAndTimer(Meters meters) {
		meters.counter.increment();
		long start = System.nanoTime();
		meters.timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
	}

	/**
	 * {@code Counter.increment()} alone.
	 * @param meters the meters
	 */
	@Benchmark
	public void counterOnly(Meters meters) {
		meters.counter.increment();
	}

	/**
	 * The runtime's listener as shipped: {@code datumReceived} (the counter and the
	 * watermark's maximum) then the clock pair and {@code handlerCompleted}.
	 * @param meters the meters
	 */
	@Benchmark
	public void reduceStreamMetrics(Meters meters) {
		meters.metrics.datumReceived(WATERMARK);
		long start = System.nanoTime();
		meters.metrics.handlerCompleted(System.nanoTime() - start);
	}

}
