package dev.numaflow.reducestream.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.noop.NoopTimer;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.server.ReduceStreamListener;

/**
 * Micrometer meters for the reduce stream server, all named
 * {@code numaflow.reducestream.*}: a {@link MeterBinder} that is also the server's
 * {@link ReduceStreamListener}. Tags are low-cardinality only (never keys or windows):
 * {@code outcome} or {@code kind} where a meter says so, and the common tags it is given,
 * such as {@link #platformTags(Function)}.
 * <p>
 * Events before {@link #bindTo(MeterRegistry)} are safe: the gauges read state kept since
 * construction, the counters and the timer count from binding on.
 */
public final class ReduceStreamMetrics implements MeterBinder, ReduceStreamListener {

	/** The prefix of every meter. */
	public static final String PREFIX = "numaflow.reducestream";

	private final AtomicInteger activeStreams = new AtomicInteger();

	private final AtomicInteger activeKeySets = new AtomicInteger();

	private final LongAccumulator latestWatermark = new LongAccumulator(Math::max, NO_WATERMARK);

	private final Tags tags;

	private final LongSupplier clock;

	/**
	 * The counters and the timer of each registry this is bound to: a new array on each
	 * binding, so that the hot path reads one volatile field and takes no lock.
	 */
	private volatile BoundMeters[] bound = new BoundMeters[0];

	/**
	 * Whether a registry this is bound to records the handler timer: not before binding,
	 * nor where a meter filter denies it (Boot's
	 * {@code management.metrics.enable.numaflow.reducestream.handler=false}).
	 */
	private volatile boolean timesHandlers;

	/**
	 * Meters with the given common tags and the system clock.
	 * @param tags the tags every meter carries
	 */
	public ReduceStreamMetrics(Tags tags) {
		this(tags, System::currentTimeMillis);
	}

	/**
	 * Meters with the given common tags and clock.
	 * @param tags the tags every meter carries
	 * @param clock the wall clock in milliseconds, for the watermark lag
	 */
	public ReduceStreamMetrics(Tags tags, LongSupplier clock) {
		this.tags = tags;
		this.clock = clock;
	}

	/**
	 * Registers the meters in the given registry; may be called for several registries.
	 * @param registry where to register them
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(PREFIX + ".streams.active", this.activeStreams, AtomicInteger::get)
			.description("Streams (windows) in flight")
			.tags(this.tags)
			.register(registry);
		Gauge.builder(PREFIX + ".keysets.active", this.activeKeySets, AtomicInteger::get)
			.description("Key sets of open windows not yet finished")
			.tags(this.tags)
			.register(registry);
		TimeGauge
			.builder(PREFIX + ".watermark.lag", this, TimeUnit.MILLISECONDS, ReduceStreamMetrics::watermarkLagMillis)
			.description("Wall-clock time minus the newest watermark received")
			.tags(this.tags)
			.register(registry);
		BoundMeters meters = new BoundMeters(registry, this.tags);
		synchronized (this) {
			List<BoundMeters> all = new ArrayList<>(List.of(this.bound));
			all.add(meters);
			this.bound = all.toArray(new BoundMeters[0]);
			if (!(meters.handlerTime instanceof NoopTimer)) {
				this.timesHandlers = true;
			}
		}
	}

	/**
	 * The tags that place a replica in its pipeline, from the variables the platform
	 * sets: {@code NUMAFLOW_PIPELINE_NAME}, {@code NUMAFLOW_VERTEX_NAME} and
	 * {@code NUMAFLOW_REPLICA}.
	 * @param variables looks a variable up by name, {@code null} when it is not set (for
	 * instance Spring's {@code Environment::getProperty})
	 * @return {@code pipeline}, {@code vertex} and {@code replica}, each when set
	 */
	public static Tags platformTags(Function<String, @Nullable String> variables) {
		List<Tag> tags = new ArrayList<>(3);
		addTag(tags, "pipeline", variables.apply("NUMAFLOW_PIPELINE_NAME"));
		addTag(tags, "vertex", variables.apply("NUMAFLOW_VERTEX_NAME"));
		addTag(tags, "replica", variables.apply("NUMAFLOW_REPLICA"));
		return Tags.of(tags);
	}

	private static void addTag(List<Tag> tags, String key, @Nullable String value) {
		if (value != null && !value.isEmpty()) {
			tags.add(Tag.of(key, value));
		}
	}

	private double watermarkLagMillis() {
		long watermark = this.latestWatermark.get();
		return (watermark == NO_WATERMARK) ? Double.NaN : (double) (this.clock.getAsLong() - watermark);
	}

	@Override
	public void streamOpened() {
		this.activeStreams.incrementAndGet();
	}

	@Override
	public void streamClosed(Outcome outcome) {
		// Counted before it leaves the gauge: a scrape that no longer sees the stream
		// open sees how it ended.
		for (BoundMeters meters : this.bound) {
			switch (outcome) {
				case OK -> meters.streamsOk.increment();
				case ERROR -> meters.streamsError.increment();
				case CANCELLED -> meters.streamsCancelled.increment();
			}
		}
		this.activeStreams.decrementAndGet();
	}

	@Override
	public void keySetOpened() {
		this.activeKeySets.incrementAndGet();
		for (BoundMeters meters : this.bound) {
			meters.keySets.increment();
		}
	}

	@Override
	public void keySetClosed() {
		this.activeKeySets.decrementAndGet();
	}

	@Override
	public void datumReceived(long watermarkMillis) {
		for (BoundMeters meters : this.bound) {
			meters.datums.increment();
		}
		if (watermarkMillis != NO_WATERMARK) {
			this.latestWatermark.accumulate(watermarkMillis);
		}
	}

	/**
	 * Whether the server should time user code for this listener.
	 * @return {@code false} before binding, and where every registry bound to denies the
	 * {@code numaflow.reducestream.handler} timer
	 */
	@Override
	public boolean timesHandlers() {
		return this.timesHandlers;
	}

	@Override
	public void handlerCompleted(long nanos) {
		for (BoundMeters meters : this.bound) {
			meters.handlerTime.record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void resultSent() {
		for (BoundMeters meters : this.bound) {
			meters.messages.increment();
		}
	}

	@Override
	public void error(ErrorKind kind) {
		for (BoundMeters meters : this.bound) {
			switch (kind) {
				case HANDLER -> meters.handlerErrors.increment();
				case PROTOCOL -> meters.protocolErrors.increment();
				case RUNTIME -> meters.runtimeErrors.increment();
			}
		}
	}

	@Override
	public void transportThreadHeld() {
		for (BoundMeters meters : this.bound) {
			meters.transportHeld.increment();
		}
	}

}
