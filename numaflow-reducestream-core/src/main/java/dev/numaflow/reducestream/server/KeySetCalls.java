package dev.numaflow.reducestream.server;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.Timers;
import dev.numaflow.reducestream.codec.PayloadCodecs;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * The user's side of a {@link KeySet}: its streamer from creation to release, each call
 * into it behind its own fault boundary, and the {@link Output} it is given (results and
 * the timer). The calls are made by whoever holds the key set's claim; what one throws
 * fails the stream as the user's error.
 */
abstract sealed class KeySetCalls implements Output permits KeySet {

	final WindowStream stream;

	final Metadata metadata;

	final Window window;

	/** The claim owner's. */
	private @Nullable ReduceStreamer streamer;

	/**
	 * Made on the first {@link #timers()}; a key set without one pays this field's read.
	 */
	private volatile @Nullable KeySetTimer keySetTimer;

	/**
	 * The key set's span, from its first datum when the server traces. The claim owner's.
	 */
	private @Nullable KeySetTrace trace;

	/**
	 * The span made current on the turn's thread until the turn ends: one scope per turn
	 * (up to {@link KeySet#ITEMS_PER_TURN} calls), not one per call.
	 */
	private ReduceStreamTracing.@Nullable Scope turnScope;

	KeySetCalls(WindowStream stream, Metadata metadata, Window window) {
		this.stream = stream;
		this.metadata = metadata;
		this.window = window;
	}

	Metadata metadata() {
		return this.metadata;
	}

	/** Whether the key set's output is closed for good. */
	abstract boolean isDone();

	/** The one way to DONE, see {@link KeySet}. The claim is held. */
	abstract void close(boolean cancelled);

	/**
	 * A datum.
	 * @return whether the key set goes on
	 */
	final boolean datum(Datum datum, @Nullable TurnTimer timer) {
		KeySetTrace traced = tracedDatum(datum);
		if (traced != null) {
			current(traced);
		}
		try {
			streamer(timer).onDatum(datum, this, this.metadata);
		}
		catch (Throwable ex) {
			handlerFailed(ex);
			return false;
		}
		if (timer != null) {
			timer.lap();
		}
		return true;
	}

	final void endOfInput(@Nullable TurnTimer timer) {
		KeySetTrace traced = this.trace;
		if (traced != null) {
			current(traced);
		}
		try {
			streamer(timer).onEndOfInput(this, this.metadata);
		}
		catch (Throwable ex) {
			handlerFailed(ex);
			return;
		}
		if (timer != null) {
			timer.lap();
			// Recorded before the EOF can go out.
			timer.flush(this.stream.context().listener());
		}
		close(false);
		this.stream.keySetFinished();
	}

	/**
	 * A firing of the timer, unless the window has closed (the end of input is on its
	 * way, or has run).
	 * @return whether the key set goes on
	 */
	final boolean timer(KeySetTimer due, @Nullable TurnTimer timer) {
		if (!due.take()) {
			return true;
		}
		KeySetTrace traced = this.trace;
		if (traced != null) {
			current(traced);
		}
		try {
			if (!this.stream.isHalfClosed()) {
				streamer(timer).onTimer(this, this.metadata);
				if (timer != null) {
					// Not a datum's time.
					timer.restart();
				}
			}
			return true;
		}
		catch (Throwable ex) {
			handlerFailed(ex);
			return false;
		}
		finally {
			due.handled();
		}
	}

	/**
	 * The key set's span becomes current on this thread, if it is not, until the turn
	 * ends.
	 */
	private void current(KeySetTrace traced) {
		if (this.turnScope == null) {
			this.turnScope = traced.enter();
		}
	}

	/** The turn ends: the key set's span stops being current on this thread. */
	final void endTurn() {
		ReduceStreamTracing.Scope scope = this.turnScope;
		KeySetTrace traced = this.trace;
		if (scope != null && traced != null) {
			this.turnScope = null;
			traced.exit(scope);
		}
	}

	/** The datum is counted and linked by the key set's span, started by the first. */
	private @Nullable KeySetTrace tracedDatum(Datum datum) {
		KeySetTrace traced = this.trace;
		if (traced == null) {
			ReduceStreamTracing tracing = this.stream.context().tracing();
			if (tracing == null) {
				return null;
			}
			traced = KeySetTrace.start(this.stream.context(), tracing, this.metadata);
			this.trace = traced;
		}
		traced.datum(datum);
		return traced;
	}

	/** The timer, if a firing of it waits for a turn. */
	final @Nullable KeySetTimer dueTimer() {
		KeySetTimer current = this.keySetTimer;
		return (current != null && current.isDue()) ? current : null;
	}

	final boolean timerDue() {
		KeySetTimer current = this.keySetTimer;
		return current != null && current.isDue();
	}

	private ReduceStreamer streamer(@Nullable TurnTimer timer) {
		ReduceStreamer current = this.streamer;
		if (current == null) {
			current = Streamers.create(this.stream.context().factory(), this.metadata);
			this.streamer = current;
			if (timer != null) {
				// Creating the streamer is not the streamer's time.
				timer.restart();
			}
		}
		return current;
	}

	/** The user's code threw: its stream's failure, or (if it ended) that end's echo. */
	private void handlerFailed(Throwable ex) {
		KeySetTrace traced = this.trace;
		if (traced != null) {
			// Ended before the stream is told.
			traced.failed(ex);
			traced.end(false);
		}
		close(!this.stream.handlerFailed(ex, this.metadata));
	}

	/**
	 * The output has closed: the timer stops, the streamer is told if its input did not
	 * end, then released.
	 */
	final void releaseStreamer(boolean cancelled) {
		KeySetTimer timer;
		synchronized (this) {
			timer = this.keySetTimer;
		}
		if (timer != null) {
			timer.close();
		}
		ReduceStreamer current = this.streamer;
		this.streamer = null;
		KeySetTrace traced = this.trace;
		if (cancelled) {
			ReduceStreamTracing.Scope scope = (traced != null) ? traced.enter() : null;
			try {
				Streamers.cancel(current, this.metadata);
			}
			finally {
				if (traced != null) {
					traced.exit(scope);
				}
			}
		}
		if (traced != null) {
			// Before the stream's EOF: that waits for this key set to finish.
			traced.end(cancelled);
		}
		Streamers.release(this.stream.context().factory(), current);
	}

	@Override
	public final void send(Message message) {
		this.stream.responses().send(ProtoMapping.result(message, this.window), (KeySet) this);
		this.stream.context().listener().resultSent();
		KeySetTrace traced = this.trace;
		if (traced != null) {
			traced.resultSent();
		}
	}

	@Override
	public final void sendValue(Object value, List<String> keys, List<String> tags) {
		byte[] payload = PayloadCodecs.encode(this.stream.context().codec(), value, this.metadata.keys());
		// Through Message, so a typed result is checked as a raw one is (reserved tags).
		send(Message.of(payload, keys, tags));
	}

	@Override
	public final Timers timers() {
		KeySetTimer current = this.keySetTimer;
		if (current == null) {
			synchronized (this) {
				current = this.keySetTimer;
				if (current == null) {
					current = new KeySetTimer((KeySet) this, this.stream.context().timerClock());
					if (isDone()) {
						// Finished before its first timer: releaseStreamer() has looked.
						current.close();
					}
					this.keySetTimer = current;
				}
			}
		}
		return current;
	}

}
