package dev.numaflow.reducestream.server;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Metadata;

/**
 * A key set's span behind its fault boundary, with the key set's counts. Made only when
 * the server has a tracing; used by whoever holds the key set's turn. A tracing call that
 * throws is logged (at WARN the first time in the server, then at DEBUG) and ends this
 * key set's tracing: the key set and its stream go on as if it were not traced.
 */
final class KeySetTrace {

	private static final Logger logger = LoggerFactory.getLogger(KeySetTrace.class);

	private final StreamContext context;

	/** {@code null} once ended, or after a fault. */
	private ReduceStreamTracing.@Nullable KeySetSpan span;

	private long datums;

	/** Results may be sent from any thread the user's code hands its output to. */
	private volatile long results;

	/** A field with an updater, not an atomic object: one object less per key set. */
	private static final AtomicLongFieldUpdater<KeySetTrace> RESULTS = AtomicLongFieldUpdater
		.newUpdater(KeySetTrace.class, "results");

	private @Nullable Throwable failure;

	private KeySetTrace(StreamContext context, ReduceStreamTracing.@Nullable KeySetSpan span) {
		this.context = context;
		this.span = span;
	}

	/** The key set's first datum: its span starts. */
	static KeySetTrace start(StreamContext context, ReduceStreamTracing tracing, Metadata metadata) {
		KeySetTrace trace = new KeySetTrace(context, null);
		try {
			trace.span = tracing.start(metadata);
		}
		catch (Throwable fault) {
			trace.fault("start", fault);
		}
		return trace;
	}

	void datum(Datum datum) {
		this.datums++;
		ReduceStreamTracing.KeySetSpan current = this.span;
		if (current != null) {
			try {
				current.datum(datum);
			}
			catch (Throwable fault) {
				fault("datum", fault);
			}
		}
	}

	/** The span becomes current for one call into the streamer. */
	ReduceStreamTracing.@Nullable Scope enter() {
		ReduceStreamTracing.KeySetSpan current = this.span;
		if (current == null) {
			return null;
		}
		try {
			return current.makeCurrent();
		}
		catch (Throwable fault) {
			fault("makeCurrent", fault);
			return null;
		}
	}

	/** The call into the streamer returned or threw. */
	void exit(ReduceStreamTracing.@Nullable Scope scope) {
		if (scope != null) {
			try {
				scope.close();
			}
			catch (Throwable fault) {
				fault("close a scope", fault);
			}
		}
	}

	void resultSent() {
		RESULTS.incrementAndGet(this);
	}

	/** The streamer threw: the span ends as failed. */
	void failed(Throwable cause) {
		this.failure = cause;
	}

	/** The key set ended: the span ends, once. */
	void end(boolean cancelled) {
		ReduceStreamTracing.KeySetSpan current = this.span;
		if (current == null) {
			return;
		}
		this.span = null;
		Throwable cause = this.failure;
		ReduceStreamTracing.Outcome outcome = (cause != null) ? ReduceStreamTracing.Outcome.FAILED
				: cancelled ? ReduceStreamTracing.Outcome.CANCELLED : ReduceStreamTracing.Outcome.COMPLETED;
		try {
			current.end(outcome, this.datums, this.results, cause);
		}
		catch (Throwable fault) {
			fault("end", fault);
		}
	}

	private void fault(String call, Throwable fault) {
		if (fault instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
		this.span = null;
		if (this.context.firstTracingFault()) {
			logger.warn("Tracing a key set failed ({}); that key set goes on untraced, and later tracing faults"
					+ " are logged at DEBUG", call, Throwables.describable(fault));
		}
		else {
			logger.debug("Tracing a key set failed ({})", call, fault);
		}
	}

}
