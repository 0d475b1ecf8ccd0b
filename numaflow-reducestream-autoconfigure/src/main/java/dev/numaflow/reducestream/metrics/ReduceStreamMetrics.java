package dev.numaflow.reducestream.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;

import dev.numaflow.reducestream.server.ReduceStreamListener;

/**
 * Micrometer meters for the reduce stream server, all named
 * {@code numaflow.reducestream.*}. Tags are low-cardinality only (never keys or windows):
 * {@code outcome} or {@code kind} where a meter says so, and {@code pipeline},
 * {@code vertex} and {@code replica} from the platform's environment when it sets them.
 */
public final class ReduceStreamMetrics implements ReduceStreamListener {

	/** The prefix of every meter. */
	public static final String PREFIX = "numaflow.reducestream";

	private final AtomicInteger activeStreams = new AtomicInteger();

	private final AtomicInteger activeKeySets = new AtomicInteger();

	private final LongAccumulator latestWatermark = new LongAccumulator(Math::max, NO_WATERMARK);

	private final LongSupplier clock;

	private final Counter streamsOk;

	private final Counter streamsError;

	private final Counter streamsCancelled;

	private final Counter keySets;

	private final Counter datums;

	private final Counter messages;

	private final Counter handlerErrors;

	private final Counter protocolErrors;

	private final Counter runtimeErrors;

	private final Timer handlerTime;

	/**
	 * Registers the meters, tagged from the process environment.
	 * @param registry where to register them
	 */
	public ReduceStreamMetrics(MeterRegistry registry) {
		this(registry, platformTags(System.getenv()), System::currentTimeMillis);
	}

	/**
	 * Registers the meters.
	 * @param registry where to register them
	 * @param tags the tags every meter carries
	 * @param clock the wall clock in milliseconds, for the watermark lag
	 */
	public ReduceStreamMetrics(MeterRegistry registry, Tags tags, LongSupplier clock) {
		this.clock = clock;
		Gauge.builder(PREFIX + ".streams.active", this.activeStreams, AtomicInteger::get)
			.description("Streams (windows) in flight")
			.tags(tags)
			.register(registry);
		Gauge.builder(PREFIX + ".keysets.active", this.activeKeySets, AtomicInteger::get)
			.description("Key sets of open windows not yet finished")
			.tags(tags)
			.register(registry);
		this.streamsOk = streams(registry, tags, "ok");
		this.streamsError = streams(registry, tags, "error");
		this.streamsCancelled = streams(registry, tags, "cancelled");
		this.keySets = Counter.builder(PREFIX + ".keysets")
			.description("Key sets opened")
			.tags(tags)
			.register(registry);
		this.datums = Counter.builder(PREFIX + ".datums").description("Datums received").tags(tags).register(registry);
		this.messages = Counter.builder(PREFIX + ".messages")
			.description("Results sent by the streamer (EOF responses not included)")
			.tags(tags)
			.register(registry);
		this.handlerErrors = errors(registry, tags, "handler");
		this.protocolErrors = errors(registry, tags, "protocol");
		this.runtimeErrors = errors(registry, tags, "runtime");
		this.handlerTime = Timer.builder(PREFIX + ".handler")
			.description("Time the streamer takes for one datum or one end of input")
			.tags(tags)
			.register(registry);
		TimeGauge
			.builder(PREFIX + ".watermark.lag", this, TimeUnit.MILLISECONDS, ReduceStreamMetrics::watermarkLagMillis)
			.description("Wall-clock time minus the newest watermark received")
			.tags(tags)
			.register(registry);
	}

	private static Counter streams(MeterRegistry registry, Tags tags, String outcome) {
		return Counter.builder(PREFIX + ".streams")
			.description("Streams (windows) ended, by outcome")
			.tags(tags)
			.tag("outcome", outcome)
			.register(registry);
	}

	private static Counter errors(MeterRegistry registry, Tags tags, String kind) {
		return Counter.builder(PREFIX + ".errors")
			.description("Streams failed, by kind: handler (user code threw) or protocol (a malformed request)")
			.tags(tags)
			.tag("kind", kind)
			.register(registry);
	}

	/**
	 * The tags that place a replica in its pipeline, from the variables the platform
	 * sets.
	 * @param environment the process environment
	 * @return {@code pipeline}, {@code vertex} and {@code replica}, each when set
	 */
	public static Tags platformTags(Map<String, String> environment) {
		List<Tag> tags = new ArrayList<>(3);
		addTag(tags, "pipeline", environment.get("NUMAFLOW_PIPELINE_NAME"));
		addTag(tags, "vertex", environment.get("NUMAFLOW_VERTEX_NAME"));
		addTag(tags, "replica", environment.get("NUMAFLOW_REPLICA"));
		return Tags.of(tags);
	}

	private static void addTag(List<Tag> tags, String key, @org.jspecify.annotations.Nullable String value) {
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
		this.activeStreams.decrementAndGet();
		switch (outcome) {
			case OK -> this.streamsOk.increment();
			case ERROR -> this.streamsError.increment();
			case CANCELLED -> this.streamsCancelled.increment();
		}
	}

	@Override
	public void keySetOpened() {
		this.activeKeySets.incrementAndGet();
		this.keySets.increment();
	}

	@Override
	public void keySetClosed() {
		this.activeKeySets.decrementAndGet();
	}

	@Override
	public void datumReceived(long watermarkMillis) {
		this.datums.increment();
		if (watermarkMillis != NO_WATERMARK) {
			this.latestWatermark.accumulate(watermarkMillis);
		}
	}

	@Override
	public void handlerCompleted(long nanos) {
		this.handlerTime.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void resultSent() {
		this.messages.increment();
	}

	@Override
	public void error(ErrorKind kind) {
		switch (kind) {
			case HANDLER -> this.handlerErrors.increment();
			case PROTOCOL -> this.protocolErrors.increment();
			case RUNTIME -> this.runtimeErrors.increment();
		}
	}

}
