package dev.numaflow.reducestream.server;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

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
final class KeySetWorker implements Runnable, Output {

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

	private final Queue<Object> mailbox = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	/** Parked with the response writer while the stream's results wait for the client. */
	private final Runnable resume = this::schedule;

	private @Nullable ReduceStreamer streamer;

	private boolean finished;

	private boolean closed;

	/**
	 * Whether {@link #send} is refused; guarded by the stream's {@link ResponseWriter}.
	 */
	boolean outputClosed;

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

	void submit(Datum datum) {
		this.mailbox.add(datum);
		schedule();
	}

	void endOfInput() {
		this.mailbox.add(END_OF_INPUT);
		schedule();
	}

	/**
	 * Make sure the worker runs soon, for instance to release its streamer after the
	 * stream ended.
	 */
	void schedule() {
		if (this.scheduled.compareAndSet(false, true)) {
			try {
				this.stream.executor().execute(this);
			}
			catch (RejectedExecutionException ex) {
				// The server is stopping: end the stream, and release this key set here,
				// as no thread will.
				this.stream.handlerPoolClosed(ex);
				abandon();
				this.scheduled.set(false);
			}
		}
	}

	@Override
	public void run() {
		int handled = 0;
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
					this.scheduled.set(false);
					this.stream.responses().whenDrained(this.resume);
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
			// Credit is granted once per turn, not per datum: one atomic update for up to
			// a turn's datums.
			if (handled > 0) {
				this.stream.datumsHandled(handled);
			}
		}
		this.scheduled.set(false);
		if (!this.mailbox.isEmpty() || (this.stream.isTerminated() && this.streamer != null)) {
			schedule();
		}
		this.stream.responses().resumeIfRoom();
	}

	/**
	 * The pool dropped this worker's queued turn while shutting down: release its
	 * streamer here.
	 */
	void dropped() {
		abandon();
		this.scheduled.set(false);
	}

	/**
	 * Run user code for one item.
	 * @return whether it was a datum, handled without error
	 */
	private boolean process(Object item) {
		try {
			ReduceStreamer handler = streamer();
			StreamContext context = this.stream.context();
			long start = context.timed() ? System.nanoTime() : 0;
			if (item == END_OF_INPUT) {
				handler.onEndOfInput(this, this.metadata);
				if (context.timed()) {
					context.listener().handlerCompleted(System.nanoTime() - start);
				}
				finish();
				return false;
			}
			handler.onDatum((Datum) item, this, this.metadata);
			if (context.timed()) {
				context.listener().handlerCompleted(System.nanoTime() - start);
			}
			return true;
		}
		catch (Throwable ex) {
			closeOutput();
			if (!this.stream.isTerminated()) {
				this.stream.fail(ex, this);
			}
			// The failing streamer is released without onCancel: its own exception ended
			// it.
			release();
			abandon();
			return false;
		}
	}

	private ReduceStreamer streamer() {
		ReduceStreamer current = this.streamer;
		if (current == null) {
			current = this.stream.factory().create(this.metadata);
			this.streamer = current;
		}
		return current;
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
