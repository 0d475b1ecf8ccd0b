package dev.numaflow.reducestream.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.server.ReduceStreamTracing;

/**
 * Key sets traced with Micrometer Tracing: each (window, key set) gets a root span named
 * {@value #SPAN_NAME}, current during every call into its streamer, so the spans the
 * streamer makes are its children. It names the window and the keys and, when it ends,
 * counts the datums and results and says how the key set ended; a streamer that threw
 * marks it as an error.
 * <p>
 * With the OpenTelemetry bridge the span also <em>links</em> to the sampled trace
 * contexts its datums carry (system metadata group {@code tracing}, keys
 * {@code traceparent} and {@code tracestate}, else a {@code traceparent} header), up to a
 * limit, parsed by OpenTelemetry's W3C propagator. Other tracers (Brave) cannot add a
 * link to a started span, and their spans have none.
 */
public final class MicrometerReduceStreamTracing implements ReduceStreamTracing {

	/** The name of a key set's span. */
	public static final String SPAN_NAME = "numaflow.reducestream.keyset";

	/** The most links per span by default. */
	public static final int DEFAULT_MAX_LINKS = 32;

	private static final String BRIDGE = "io.micrometer.tracing.otel.bridge.OtelSpan";

	private final Tracer tracer;

	private final @Nullable OtelLinks links;

	/**
	 * Traces key sets with the given tracer.
	 * @param tracer the application's tracer
	 * @param maxLinks the most links per span, zero for none
	 */
	public MicrometerReduceStreamTracing(Tracer tracer, int maxLinks) {
		if (maxLinks < 0) {
			throw new IllegalArgumentException("tracing.max-links must not be negative, but is " + maxLinks);
		}
		this.tracer = tracer;
		this.links = (maxLinks > 0 && bridgePresent()) ? new OtelLinks(maxLinks) : null;
	}

	/**
	 * Whether spans link their datums' trace contexts: only through the OpenTelemetry
	 * bridge.
	 * @return whether datums are linked
	 */
	public boolean linksDatums() {
		return this.links != null;
	}

	@Override
	public KeySetSpan start(Metadata metadata) {
		Span span = this.tracer.spanBuilder().setNoParent().name(SPAN_NAME).start();
		if (!span.isNoop()) {
			span.tag(SpanAttributes.WINDOW_START, metadata.intervalWindow().start().toString());
			span.tag(SpanAttributes.WINDOW_END, metadata.intervalWindow().end().toString());
			span.tagOfStrings(SpanAttributes.KEYS, metadata.keys());
		}
		OtelLinks linker = this.links;
		return new TracedKeySet(this.tracer, span, (linker != null && !span.isNoop()) ? linker.forSpan(span) : null);
	}

	private static boolean bridgePresent() {
		try {
			Class.forName(BRIDGE, false, MicrometerReduceStreamTracing.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/** One key set's span. */
	private static final class TracedKeySet implements KeySetSpan {

		private final Tracer tracer;

		private final Span span;

		private final OtelLinks.@Nullable SpanLinker linker;

		TracedKeySet(Tracer tracer, Span span, OtelLinks.@Nullable SpanLinker linker) {
			this.tracer = tracer;
			this.span = span;
			this.linker = linker;
		}

		@Override
		public void datum(Datum datum) {
			OtelLinks.SpanLinker current = this.linker;
			if (current != null) {
				current.link(datum);
			}
		}

		@Override
		public Scope makeCurrent() {
			return this.tracer.withSpan(this.span)::close;
		}

		@Override
		public void end(Outcome outcome, long datums, long results, @Nullable Throwable failure) {
			if (!this.span.isNoop()) {
				this.span.tag(SpanAttributes.DATUMS, datums);
				this.span.tag(SpanAttributes.RESULTS, results);
				this.span.tag(SpanAttributes.OUTCOME, outcome.name().toLowerCase(java.util.Locale.ROOT));
				if (failure != null) {
					this.span.error(failure);
				}
			}
			this.span.end();
		}

	}

}
