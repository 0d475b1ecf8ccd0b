package dev.numaflow.reducestream.tracing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.Datum;

/**
 * Links a key set's span to its datums' trace contexts through OpenTelemetry, which can
 * add a link to a started span. Loaded only when the OpenTelemetry bridge is present.
 */
final class OtelLinks {

	/** The system metadata group Numaflow puts a message's trace context in. */
	static final String GROUP = "tracing";

	static final String TRACEPARENT = "traceparent";

	static final String TRACESTATE = "tracestate";

	private static final TextMapGetter<Datum> DATUM_CONTEXT = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Datum datum) {
			return List.of(TRACEPARENT, TRACESTATE);
		}

		@Override
		public @Nullable String get(@Nullable Datum datum, String key) {
			if (datum == null) {
				return null;
			}
			// The platform's metadata first; a header only when the metadata has no
			// context.
			if (datum.metadata().systemKeys(GROUP).contains(TRACEPARENT)) {
				byte[] value = datum.metadata().systemValue(GROUP, key);
				return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
			}
			return datum.headers().get(key);
		}

	};

	private final int maxLinks;

	OtelLinks(int maxLinks) {
		this.maxLinks = maxLinks;
	}

	/** A linker for one span, or {@code null} if it is not an OpenTelemetry span. */
	@Nullable SpanLinker forSpan(Span span) {
		return (span instanceof OtelSpan) ? new SpanLinker(OtelSpan.toOtel(span), this.maxLinks) : null;
	}

	/** The sampled context a datum carries, or {@code null}. */
	static @Nullable SpanContext sampledContext(Datum datum) {
		Context extracted = W3CTraceContextPropagator.getInstance().extract(Context.root(), datum, DATUM_CONTEXT);
		SpanContext context = io.opentelemetry.api.trace.Span.fromContext(extracted).getSpanContext();
		return (context.isValid() && context.isSampled()) ? context : null;
	}

	/** Adds links to one span, up to the limit. */
	static final class SpanLinker {

		private final io.opentelemetry.api.trace.Span span;

		private int remaining;

		SpanLinker(io.opentelemetry.api.trace.Span span, int maxLinks) {
			this.span = span;
			this.remaining = maxLinks;
		}

		void link(Datum datum) {
			if (this.remaining == 0) {
				return;
			}
			SpanContext context = sampledContext(datum);
			if (context != null) {
				this.remaining--;
				this.span.addLink(context);
			}
		}

	}

}
