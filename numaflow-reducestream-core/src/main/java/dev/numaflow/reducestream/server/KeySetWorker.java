package dev.numaflow.reducestream.server;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * The work of one (window, key set): a mailbox drained by at most one handler thread at a
 * time, so the key set's calls are serial and in order while different key sets share the
 * handler pool. It holds no thread while idle.
 */
final class KeySetWorker implements HandlerTask, Output {

	private static final Logger logger = LoggerFactory.getLogger(KeySetWorker.class);

	/** Marks the end of the key set's input in the mailbox. */
	private static final Object END_OF_INPUT = new Object();

	/**
	 * How many items one turn on a handler thread takes before yielding to other key
	 * sets.
	 */
	private static final int ITEMS_PER_TURN = 64;

	private final WindowStream stream;

	private final Metadata metadata;

	private final Window window;

	private final Mailbox mailbox = new Mailbox();

	/**
	 * 1 while a turn is queued or running: at most one at a time. A field with an
	 * updater, not an {@code AtomicBoolean}: one object less per key set.
	 */
	private static final AtomicIntegerFieldUpdater<KeySetWorker> SCHEDULED = AtomicIntegerFieldUpdater
		.newUpdater(KeySetWorker.class, "scheduled");

	private volatile int scheduled;

	/** Parked with the response writer while the stream's results wait for the client. */
	private @Nullable Runnable resume;

	private @Nullable ReduceStreamer streamer;

	private boolean finished;

	/**
	 * The handler times of a turn, one array per handler thread: a turn records at most
	 * {@link #ITEMS_PER_TURN} items.
	 */
	private static final ThreadLocal<long[]> TURN_TIMES = ThreadLocal.withInitial(() -> new long[ITEMS_PER_TURN]);

	/**
	 * When the running turn's current item started, for the handler timer: the end of one
	 * item is the start of the next, so each item costs one clock read. The times are
	 * kept in {@link #turnTimes} and given to the listener when the turn ends, so that no
	 * item's time holds the recording of the one before. Fields of the running turn only:
	 * they are flushed before its {@code scheduled} flag is cleared.
	 */
	private long itemStart;

	private long @Nullable [] turnTimes;

	private int turnTimed;

	private boolean closed;

	/**
	 * Whether {@link #send} is refused; guarded by the stream's {@link ResponseWriter}.
	 */
	boolean outputClosed;

	/**
	 * Whether the worker is on its stream's ready list; read and written on the transport
	 * thread only.
	 */
	boolean ready;

	KeySetWorker(WindowStream stream, Metadata metadata, Window window) {
		this.stream = stream;
		this.metadata = metadata;
		this.window = window;
	}

	Metadata metadata() {
		return this.metadata;
	}

	Window window() {
		return this.window;
	}

	/**
	 * Whether a datum of this window and these keys belongs to this key set.
	 */
	boolean isFor(Window window, List<String> keys) {
		return WindowStream.sameBounds(this.window, window) && this.metadata.keys().equals(keys);
	}

	/**
	 * Add a datum to the mailbox, not yet visible to a turn: the caller then publishes it
	 * and makes sure the worker runs (see {@link WindowStream}'s ready list). Request
	 * callbacks only (the mailbox's one producer).
	 */
	void add(Datum datum) {
		this.mailbox.add(datum);
	}

	/**
	 * Add the end of input to the mailbox; the caller publishes it and makes sure the
	 * worker runs. Request callbacks only.
	 */
	void addEndOfInput() {
		this.mailbox.add(END_OF_INPUT);
	}

	/**
	 * Make the items added so far visible to the next turn. Request callbacks only; call
	 * it before {@link #claim()}, so that a running turn that clears its flag after the
	 * claim failed sees them.
	 * @return whether there were new items
	 */
	boolean publish() {
		return this.mailbox.publish();
	}

	/**
	 * Whether a turn is queued or running; that turn takes every item added before it
	 * ends.
	 */
	boolean isScheduled() {
		return this.scheduled != 0;
	}

	/**
	 * Claim the next turn: the caller then runs it, or hands it to the pool.
	 * @return whether the claim succeeded; if not, a turn is already queued or running
	 */
	boolean claim() {
		return SCHEDULED.compareAndSet(this, 0, 1);
	}

	/**
	 * Make sure the worker runs soon, for instance to release its streamer after the
	 * stream ended.
	 */
	void schedule() {
		if (claim()) {
			try {
				this.stream.executor().execute(this);
			}
			catch (RejectedExecutionException ex) {
				// The server is stopping: end the stream, and release this key set here,
				// as no thread will.
				this.stream.handlerPoolClosed(ex);
				dropped();
			}
		}
	}

	@Override
	public void run() {
		int handled = 0;
		if (this.stream.context().timed()) {
			this.turnTimes = TURN_TIMES.get();
			this.turnTimed = 0;
			this.itemStart = System.nanoTime();
		}
		try {
			for (int taken = 0; taken < ITEMS_PER_TURN; taken++) {
				if (this.stream.isTerminated()) {
					abandon();
					break;
				}
				if (this.finished) {
					this.mailbox.clear();
					break;
				}
				if (this.stream.responses().isSaturated()) {
					Runnable task = this.resume;
					if (task == null) {
						// Created on the first pause only: most key sets never pause.
						task = this::schedule;
						this.resume = task;
					}
					flushTimes();
					this.scheduled = 0;
					this.stream.responses().whenDrained(task);
					return;
				}
				Object item = this.mailbox.poll();
				if (item == null) {
					break;
				}
				if (process(item)) {
					handled++;
				}
			}
		}
		finally {
			flushTimes();
			// Credit is granted once per turn, not per datum: one atomic update for up to
			// a turn's datums.
			if (handled > 0) {
				this.stream.datumsHandled(handled);
			}
		}
		long taken = this.mailbox.consumed();
		this.scheduled = 0;
		// After clearing the flag (volatile write) read what was published (volatile
		// read): items published before a failed claim are seen here.
		if (this.mailbox.published() != taken || (this.stream.isTerminated() && this.streamer != null)) {
			schedule();
		}
		this.stream.responses().resumeIfRoom();
	}

	/**
	 * The pool dropped this worker's claimed turn while shutting down: release its
	 * streamer here.
	 */
	@Override
	public void dropped() {
		abandon();
		this.scheduled = 0;
	}

	/**
	 * Run user code for one item.
	 * @return whether it was a datum, handled without error
	 */
	private boolean process(Object item) {
		try {
			StreamContext context = this.stream.context();
			ReduceStreamer handler = this.streamer;
			if (handler == null) {
				handler = this.stream.factory().create(this.metadata);
				this.streamer = handler;
				if (context.timed()) {
					// Creating the streamer is not the streamer's time.
					this.itemStart = System.nanoTime();
				}
			}
			if (item == END_OF_INPUT) {
				handler.onEndOfInput(this, this.metadata);
				timeItem(context);
				// Recorded before the EOF can go out.
				flushTimes();
				finish();
				return false;
			}
			handler.onDatum((Datum) item, this, this.metadata);
			timeItem(context);
			return true;
		}
		catch (Throwable ex) {
			closeOutput();
			if (!this.stream.fail(ex, this)) {
				// The stream had already ended (cancelled, stopped, another key set
				// failed): the exception is that end's (a refused send, an interrupt),
				// so this streamer is told like the others.
				StreamCancellation.tell(this.streamer, this.metadata);
			}
			release();
			abandon();
			return false;
		}
	}

	/**
	 * Note the time of the item that just ended. Its time runs from the end of the
	 * previous item (or the turn's start), so it also holds the turn's few nanoseconds of
	 * checks between two calls, but not the recording of the previous one.
	 */
	private void timeItem(StreamContext context) {
		long[] times = this.turnTimes;
		if (times != null && context.timed()) {
			long now = System.nanoTime();
			times[this.turnTimed++] = now - this.itemStart;
			this.itemStart = now;
		}
	}

	/** Give the turn's handler times to the listener. */
	private void flushTimes() {
		long[] times = this.turnTimes;
		int count = this.turnTimed;
		if (times == null || count == 0) {
			return;
		}
		this.turnTimed = 0;
		ReduceStreamListener listener = this.stream.context().listener();
		try {
			for (int i = 0; i < count; i++) {
				listener.handlerCompleted(times[i]);
			}
		}
		catch (RuntimeException ex) {
			// Listeners must not throw; one that does loses its samples, not the stream.
			logger.warn("A ReduceStreamListener failed in handlerCompleted", ex);
		}
	}

	private void finish() {
		this.finished = true;
		closeOutput();
		release();
		close();
		this.stream.keySetFinished();
	}

	private void abandon() {
		this.mailbox.clear();
		closeOutput();
		StreamCancellation.tell(this.streamer, this.metadata);
		release();
		close();
	}

	private void close() {
		if (!this.closed) {
			this.closed = true;
			this.stream.context().listener().keySetClosed();
		}
	}

	private void release() {
		ReduceStreamer current = this.streamer;
		if (current != null) {
			this.streamer = null;
			this.stream.release(current);
		}
	}

	private void closeOutput() {
		this.stream.responses().closeOutput(this);
	}

	@Override
	public void send(Message message) {
		this.stream.responses().send(ProtoMapping.result(message, this.window), this);
		this.stream.context().listener().resultSent();
	}

}
