package dev.numaflow.reducestream.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.grpc.Status;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.codec.PayloadCodec;
import dev.numaflow.reducestream.codec.PayloadCodecs;

/**
 * A {@link WindowSession} on a {@link WindowCall}, waiting on the server-side
 * {@link StreamActivity} counts so that "while open" means "produced before the
 * half-close", exactly.
 */
final class DefaultWindowSession implements WindowSession {

	private final WindowCall call;

	private final StreamActivity activity;

	private final StreamActivity.Counts counts;

	private final Duration timeout;

	private final TestTimers timers;

	private final PayloadCodec codec;

	private @Nullable Instant watermark;

	private int sent;

	private boolean ended;

	DefaultWindowSession(WindowCall call, StreamActivity activity, StreamActivity.Counts counts, Duration timeout,
			TestTimers timers, PayloadCodec codec) {
		this.timers = timers;
		this.call = call;
		timers.opened(this);
		this.activity = activity;
		this.counts = counts;
		this.timeout = timeout;
		this.codec = codec;
	}

	@Override
	public IntervalWindow window() {
		return this.call.window();
	}

	@Override
	public WindowSession send(TestDatum datum) {
		checkOpen("send a datum");
		Instant eventTime = datum.eventTime();
		Instant datumWatermark = datum.watermark();
		Object typed = datum.typedValue();
		byte[] value = (typed != null) ? PayloadCodecs.encode(this.codec, typed, datum.keys()) : datum.value();
		this.call.send(datum.keys(), value, (eventTime != null) ? eventTime : window().start(),
				(datumWatermark != null) ? datumWatermark : this.watermark, datum.headers(), datum.traceparent(),
				datum.tracestate());
		this.sent++;
		return this;
	}

	@Override
	public WindowSession watermark(Instant watermark) {
		checkOpen("set the watermark");
		this.watermark = watermark;
		return this;
	}

	@Override
	public WindowSession advanceTime(Duration duration) {
		checkOpen("advance the time");
		this.timers.advance(duration);
		return this;
	}

	/** Before the clock moves: every datum sent has been handled (its timers set). */
	void settle() {
		if (!this.ended) {
			awaitQuiet();
		}
	}

	@Override
	public List<Result> resultsSoFar() {
		checkOpen("read the results so far");
		awaitQuiet();
		return this.call.results();
	}

	@Override
	public <T> List<T> resultsSoFar(Class<T> type) {
		return WindowResults.decode(this.codec, resultsSoFar(), type);
	}

	@Override
	public WindowResults endWindow() {
		checkOpen("end the window");
		awaitQuiet();
		this.call.halfClose();
		this.ended = true;
		try {
			Status status;
			try {
				status = this.call.awaitEnd(this.timeout);
			}
			catch (TimeoutException ex) {
				this.call.cancel("the test timed out");
				throw new AssertionError(describe() + ": the stream did not end within " + this.timeout
						+ " of the half-close (" + this.call.resultCount() + " results received)");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.call.cancel("the test was interrupted");
				throw new AssertionError(describe() + ": interrupted while waiting for the stream's end", ex);
			}
			if (!status.isOk()) {
				throw failed(status);
			}
			checkProtocol();
			return new WindowResults(window(), this.call.results(), this.codec);
		}
		finally {
			this.activity.end(window(), this.counts);
			this.timers.closed(this);
		}
	}

	@Override
	public void cancel() {
		if (!this.ended) {
			this.ended = true;
			this.call.cancel("the test closed the window session");
			this.activity.end(window(), this.counts);
			this.timers.closed(this);
		}
	}

	private void checkProtocol() {
		List<String> problems = this.call.protocolProblems();
		if (!problems.isEmpty()) {
			throw new AssertionError(describe() + ": the server broke the protocol: " + String.join("; ", problems));
		}
		int eofs = this.call.endOfStreamCount();
		// A stream with no datum has no key set, so nothing to end: the server just
		// completes it.
		if ((this.sent > 0 && eofs != 1) || eofs > 1) {
			throw new AssertionError(describe() + ": expected exactly one end-of-stream (EOF) response but got " + eofs
					+ "; the platform waits for exactly one");
		}
	}

	/** Wait until every datum sent was handled and every result produced has arrived. */
	private void awaitQuiet() {
		boolean quiet;
		try {
			quiet = this.counts.await(() -> this.call.isEnded() || (this.counts.handled.get() >= this.sent
					&& this.call.resultCount() >= this.counts.produced.get()), this.timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(describe() + ": interrupted while waiting for the server", ex);
		}
		Status status = this.call.status();
		if (status != null) {
			this.ended = true;
			this.activity.end(window(), this.counts);
			this.timers.closed(this);
			throw failed(status);
		}
		if (!quiet) {
			throw new AssertionError(describe() + ": timed out after " + this.timeout + " waiting for the server to"
					+ " handle the " + this.sent + " datums sent (handled " + this.counts.handled.get()
					+ ") and for the " + this.counts.produced.get() + " results produced (received "
					+ this.call.resultCount() + ")");
		}
	}

	/**
	 * The stream ended before its time or with an error: when the application's streamer
	 * threw, say where and make what it threw the cause, so the test's failure shows the
	 * application's own stack.
	 */
	private AssertionError failed(Status status) {
		String description = (status.getDescription() != null) ? ": " + status.getDescription() : "";
		StreamActivity.StreamerFailure failure = this.counts.streamerFailure();
		if (failure != null && !status.isOk()) {
			return new AssertionError(
					describe() + ": the stream ended with " + status.getCode() + description
							+ " (the streamer threw in " + failure.call() + " of key set " + failure.keys() + ")",
					failure.error());
		}
		return new AssertionError(describe() + ": the stream ended with " + status.getCode() + description
				+ (status.isOk() ? " before the window was closed" : ""), status.getCause());
	}

	private void checkOpen(String action) {
		if (this.ended) {
			throw new IllegalStateException("Cannot " + action + ": " + describe() + " has ended");
		}
	}

	private String describe() {
		return "window [" + window().start() + ", " + window().end() + ")";
	}

}
