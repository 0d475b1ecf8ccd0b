package dev.numaflow.reducestream.server;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;

/**
 * The response side of one stream. Any thread may send; one thread at a time writes to
 * the call, and only while the transport is ready, so a slow reader is never flooded.
 * When more than {@code highWater} responses wait, the stream's key sets park before
 * their next item until the queue drains to half of that.
 * <p>
 * Everything here is guarded by the writer's monitor, including the moment a key set's
 * output closes ({@link #retire(KeySet)}): a result checked under the monitor can never
 * follow the stream's EOF. The writer ends in one of two ways: {@link #complete} writes
 * what is queued and then OK; {@link #terminate} discards the queue, writes the status if
 * it has one, wakes blocked senders and resumes every parked key set so that it is
 * released. A failed write is the transport's fault, never the sender's: the stream is
 * ended first (so that no sender's resulting exception is taken for a handler failure),
 * then the writer terminates.
 */
final class ResponseWriter {

	private final ServerCallStreamObserver<ReduceResponse> call;

	private final Consumer<Throwable> writeFailed;

	private final int highWater;

	private final int lowWater;

	/**
	 * Above this many waiting responses, a sender blocks until the transport takes some.
	 */
	private final int hardLimit;

	private final ArrayDeque<ReduceResponse> queue = new ArrayDeque<>();

	private final Queue<KeySet> parked = new ConcurrentLinkedQueue<>();

	private volatile int queued;

	private int blockedSenders;

	private boolean draining;

	/** The queue is final: once written, the call completes with OK. */
	private boolean completing;

	/** The call fails with this status next; the queue is discarded. */
	private @Nullable StatusRuntimeException failure;

	/** Nothing more is written to the call. */
	private boolean closed;

	/**
	 * A writer that ends its stream through {@code writeFailed} if the call refuses a
	 * write.
	 */
	ResponseWriter(ServerCallStreamObserver<ReduceResponse> call, int highWater, Consumer<Throwable> writeFailed) {
		this.call = call;
		this.writeFailed = writeFailed;
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
	void send(ReduceResponse response, KeySet from) {
		synchronized (this) {
			while (true) {
				if (from.isDone()) {
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
	 * Close a key set's output: later results are refused; those it queued still go out.
	 * Only the key set's turn calls this, once.
	 */
	synchronized void retire(KeySet keySet) {
		keySet.markDone();
		if (this.blockedSenders > 0) {
			notifyAll();
		}
	}

	/**
	 * Queue the stream's last responses (the EOFs) and complete the call with OK once
	 * everything queued is written.
	 * @return whether the writer was still open
	 */
	boolean complete(List<ReduceResponse> last) {
		synchronized (this) {
			if (this.closed || this.completing || this.failure != null) {
				return false;
			}
			this.queue.addAll(last);
			this.queued = this.queue.size();
			this.completing = true;
		}
		drain();
		return true;
	}

	/**
	 * End the call now: queued responses are discarded, blocked senders fail, parked key
	 * sets resume (to be released).
	 * @param status what the client is told, or {@code null} to write nothing more (it
	 * cancelled, or its call is gone)
	 */
	void terminate(@Nullable StatusRuntimeException status) {
		synchronized (this) {
			if (!this.closed && this.failure == null) {
				if (status != null) {
					this.failure = status;
				}
				else {
					this.closed = true;
				}
				this.queue.clear();
				this.queued = 0;
				notifyAll();
			}
		}
		drain();
		resumeParked(Integer.MAX_VALUE);
	}

	private void checkOpen() {
		if (this.closed || this.completing || this.failure != null) {
			throw new IllegalStateException("The stream has ended; no more results can be sent");
		}
	}

	/** The transport can take more. */
	void onReady() {
		drain();
	}

	boolean isSaturated() {
		return this.queued >= this.highWater;
	}

	/**
	 * Park a key set until the queue has drained below the low-water mark (at once if it
	 * already has, or if the writer has ended).
	 */
	void park(KeySet keySet) {
		this.parked.add(keySet);
		boolean ended;
		synchronized (this) {
			ended = this.closed || this.failure != null;
		}
		if (ended) {
			resumeParked(Integer.MAX_VALUE);
		}
		else {
			resumeIfRoom();
		}
	}

	/**
	 * Resume as many parked key sets, oldest first, as the queue has room for. Called
	 * after every drain and at the end of every turn, so that parked key sets keep
	 * resuming even when the resumed ones send nothing; resuming them all at once would
	 * reschedule every parked key set of the stream to let a few of them send.
	 */
	void resumeIfRoom() {
		if (!this.parked.isEmpty() && !isSaturated()) {
			resumeParked(this.highWater - this.queued);
		}
	}

	private void resumeParked(int limit) {
		KeySet keySet;
		for (int resumed = 0; resumed < limit && (keySet = this.parked.poll()) != null; resumed++) {
			keySet.resume();
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
		try {
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
				if (error != null) {
					this.call.onError(error);
				}
				else if (finish) {
					this.call.onCompleted();
				}
				else if (next != null) {
					this.call.onNext(next);
				}
			}
		}
		catch (Throwable ex) {
			failed(ex);
			return;
		}
		if (drained || this.queued <= this.lowWater) {
			resumeIfRoom();
		}
	}

	/**
	 * The call refused a write. The stream ends first, so that a sender that then finds
	 * the writer closed is not taken for a failing handler; its status is tried once.
	 */
	private void failed(Throwable ex) {
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
		synchronized (this) {
			this.draining = false;
		}
		this.writeFailed.accept(ex);
		synchronized (this) {
			this.closed = true;
			this.queue.clear();
			this.queued = 0;
			notifyAll();
		}
		resumeParked(Integer.MAX_VALUE);
	}

}
