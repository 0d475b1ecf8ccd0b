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

	private @Nullable ReduceStreamer streamer;

	private boolean finished;

	private boolean closed;

	private boolean outputClosed;

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
				this.stream.responses().whenDrained(this::schedule);
				return;
			}
			Object item = this.mailbox.poll();
			if (item == null) {
				break;
			}
			process(item);
		}
		this.scheduled.set(false);
		if (!this.mailbox.isEmpty() || (this.stream.isTerminated() && this.streamer != null)) {
			schedule();
		}
	}

	private void process(Object item) {
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
			}
			else {
				handler.onDatum((Datum) item, this, this.metadata);
				if (context.timed()) {
					context.listener().handlerCompleted(System.nanoTime() - start);
				}
				this.stream.datumHandled();
			}
		}
		catch (Throwable ex) {
			closeOutput();
			this.stream.fail(ex, this);
			abandon();
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

	private synchronized void closeOutput() {
		this.outputClosed = true;
	}

	@Override
	public synchronized void send(Message message) {
		if (this.outputClosed) {
			throw new IllegalStateException("The output of key set " + this.metadata.keys()
					+ " is closed: its input has ended, or its stream failed or was cancelled");
		}
		this.stream.responses().send(ProtoMapping.result(message, this.window));
		this.stream.context().listener().resultSent();
	}

}
