package dev.numaflow.reducestream.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;

/**
 * Makes a span of its own ({@value #USER_SPAN}) for each datum, throws on a datum whose
 * value is {@code fail}, and sends the number of datums at the end of its input.
 */
@ReduceStreamerBean
class TracedStreamer implements ReduceStreamer {

	static final String USER_SPAN = "user-work";

	private final Tracer tracer;

	private int count;

	TracedStreamer(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public void onDatum(Datum datum, Output output, Metadata metadata) {
		if (datum.valueAsString().equals("fail")) {
			throw new IllegalStateException("This datum fails");
		}
		Span span = this.tracer.nextSpan().name(USER_SPAN).start();
		span.end();
		this.count++;
	}

	@Override
	public void onEndOfInput(Output output, Metadata metadata) {
		output.send(Message.of(String.valueOf(this.count), metadata.keys()));
	}

}
