package dev.numaflow.reducestream.server;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;

/**
 * The response side of one stream. Any thread may send; one thread at a time writes to
 * the call, and only while the transport is ready, so a slow reader is never flooded.
 * When more than {@code highWater} responses wait, the stream's key sets pause before
 * their next datum until the queue drains to half of that.
 */
final class ResponseWriter {

	private static final Logger logger = LoggerFactory.getLogger(ResponseWriter.class);

	private final ServerCallStreamObserver<ReduceResponse> call;

	private final int highWater;

	private final int lowWater;

	/**
	 * Above this many waiting responses, a sender blocks until the transport takes some.
	 */
	private final int hardLimit;

	private int blockedSenders;

	private final ArrayDeque<ReduceResponse> queue = new ArrayDeque<>();

	private final Queue<Runnable> parked = new ConcurrentLinkedQueue<>();

	private volatile int queued;

	private boolean draining;

	private boolean completing;

	private @Nullable StatusRuntimeException failure;

	private boolean closed;

	ResponseWriter(ServerCallStreamObserver<ReduceResponse> call, int highWater) {
		this.call = call;
		this.highWater = highWater;
		this.lowWater = Math.max(1, highWater / 2);
		this.hardLimit = 2 * highWater;
	}

	/**
	 * Queue a result of a key set and write what the transport takes. When the client
	 * reads too slowly and {@code 2 * highWater} responses already wait, the caller
	 * blocks until the transport takes some, so a streamer that sends many results per
	 * datum, or from threads of its own, cannot fill the heap.
	 * @throws IllegalStateException if the key set's output is closed, or the stream has
	 * ended
	 */
	void send(ReduceResponse response, KeySetWorker from) {
		synchronized (this) {
			while (true) {
				if (from.outputClosed) {
					throw new IllegalStateException("The output of key set " + from.metadata().keys()
							+ " is closed: its input has ended, or its stream failed or was cancelled");
				}
				checkOpen();
				if (this.queue.size() < this.hardLimit) {
					break;
				}
				this.blockedSenders++;
				try {
					wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while waiting for the client to read results", ex);
				}
				finally {
					this.blockedSenders--;
				}
			}
			this.queue.add(response);
			this.queued = this.queue.size();
		}
		drain();
	}

	/**
	 * Queue a response of the stream itself (the EOF), after every key set's output is
	 * closed.
	 * @throws IllegalStateException if the stream has ended
	 */
	void send(ReduceResponse response) {
		synchronized (this) {
			checkOpen();
			this.queue.add(response);
			this.queued = this.queue.size();
		}
		drain();
	}

	/**
	 * Refuse every later result of the key set; results it already queued still go out.
	 */
	synchronized void closeOutput(KeySetWorker from) {
		from.outputClosed = true;
		if (this.blockedSenders > 0) {
			notifyAll();
		}
	}

	private void checkOpen() {
		if (this.closed || this.completing || this.failure != null) {
			throw new IllegalStateException("The stream has ended; no more results can be sent");
		}
	}

	/** Complete the call with OK once every queued response is written. */
	void complete() {
		synchronized (this) {
			if (this.closed || this.completing || this.failure != null) {
				return;
			}
			this.completing = true;
		}
		drain();
	}

	/** Fail the call now; queued responses are discarded. */
	void fail(StatusRuntimeException status) {
		synchronized (this) {
			if (this.closed || this.failure != null) {
				return;
			}
			this.failure = status;
			this.queue.clear();
			this.queued = 0;
			notifyAll();
		}
		drain();
		resumeParked(Integer.MAX_VALUE);
	}

	/** The client cancelled: nothing more is written. */
	void cancelled() {
		synchronized (this) {
			this.closed = true;
			this.queue.clear();
			this.queued = 0;
			notifyAll();
		}
		resumeParked(Integer.MAX_VALUE);
	}

	/** The transport can take more. */
	void onReady() {
		drain();
	}

	boolean isSaturated() {
		return this.queued >= this.highWater;
	}

	/**
	 * Run the task once the queue has drained below the low-water mark (or at once if it
	 * already has).
	 */
	void whenDrained(Runnable task) {
		this.parked.add(task);
		resumeIfRoom();
	}

	/**
	 * Resume as many paused key sets, oldest first, as the queue has room for. Called
	 * after every drain and at the end of every key set's turn, so that paused key sets
	 * keep resuming even when the resumed ones send nothing; resuming them all at once
	 * would reschedule every paused key set of the stream to let a few of them send.
	 */
	void resumeIfRoom() {
		if (!this.parked.isEmpty() && !isSaturated()) {
			resumeParked(this.highWater - this.queued);
		}
	}

	private void resumeParked(int limit) {
		Runnable task;
		for (int resumed = 0; resumed < limit && (task = this.parked.poll()) != null; resumed++) {
			task.run();
		}
	}

	private void drain() {
		synchronized (this) {
			if (this.draining || this.closed) {
				return;
			}
			this.draining = true;
		}
		boolean drained = false;
		while (true) {
			ReduceResponse next = null;
			StatusRuntimeException error = null;
			boolean finish = false;
			synchronized (this) {
				if (this.closed) {
					this.draining = false;
					return;
				}
				if (this.failure != null) {
					error = this.failure;
					this.closed = true;
				}
				else if (!this.queue.isEmpty()) {
					if (!this.call.isReady()) {
						this.draining = false;
						break;
					}
					next = this.queue.poll();
					this.queued = this.queue.size();
					if (this.blockedSenders > 0 && this.queued < this.hardLimit) {
						notifyAll();
					}
				}
				else if (this.completing) {
					finish = true;
					this.closed = true;
				}
				else {
					this.draining = false;
					drained = true;
					break;
				}
			}
			if (!write(next, error, finish)) {
				synchronized (this) {
					this.draining = false;
				}
				return;
			}
		}
		if (drained || this.queued <= this.lowWater) {
			resumeIfRoom();
		}
	}

	private boolean write(@Nullable ReduceResponse next, @Nullable StatusRuntimeException error, boolean finish) {
		try {
			if (error != null) {
				this.call.onError(error);
				return false;
			}
			if (finish) {
				this.call.onCompleted();
				return false;
			}
			if (next != null) {
				this.call.onNext(next);
			}
			return true;
		}
		catch (RuntimeException | Error ex) {
			logger.debug("Could not write to a reduce stream that has ended", ex);
			synchronized (this) {
				this.closed = true;
				this.queue.clear();
				this.queued = 0;
				notifyAll();
			}
			if (ex instanceof Error fatal) {
				throw fatal;
			}
			return false;
		}
	}

}
