package dev.numaflow.reducestream.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import static dev.numaflow.reducestream.metrics.ReduceStreamMetrics.PREFIX;

/**
 * The counters and the timer of {@link ReduceStreamMetrics}, registered in one registry.
 */
final class BoundMeters {

	final Counter streamsOk;

	final Counter streamsError;

	final Counter streamsCancelled;

	final Counter keySets;

	final Counter datums;

	final Counter messages;

	final Counter handlerErrors;

	final Counter protocolErrors;

	final Counter runtimeErrors;

	final Timer handlerTime;

	final Counter transportHeld;

	BoundMeters(MeterRegistry registry, Tags tags) {
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
		this.transportHeld = Counter.builder(PREFIX + ".transport.held")
			.description(
					"Key set turns that held a transport thread for more than a second, some for half a second (streamer-threads=transport)")
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
			.description(
					"Streams failed, by kind: handler (user code threw), protocol (a malformed request) or runtime (the server failed)")
			.tags(tags)
			.tag("kind", kind)
			.register(registry);
	}

}
