package dev.numaflow.reducestream.server;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;

/**
 * The response side of one stream. Any thread may send; one thread at a time writes to
 * the call, only while the transport is ready. Above {@code highWater} waiting responses
 * the stream's key sets park before their next item until the queue drains to half that.
 * Everything is guarded by the writer's monitor, including the moment a key set's output
 * closes ({@link #retire(KeySet)}), so no result can follow the EOF. It ends one of two
 * ways: {@link #complete} writes the queue then OK; {@link #terminate} discards the
 * queue, writes the status if any, wakes blocked senders and resumes parked key sets (to
 * be released). A failed write ends the stream before any sender can fail, so it is never
 * blamed on user code.
 */
final class ResponseWriter {

	private static final Logger logger = LoggerFactory.getLogger(ResponseWriter.class);

	private final ServerCallStreamObserver<ReduceResponse> call;

	private final Consumer<Throwable> writeFailed;

	private final int highWater;

	private final int lowWater;

	/**
	 * Above this many waiting responses, a sender blocks until the transport takes some.
	 */
	private final int hardLimit;

	private final ArrayDeque<ReduceResponse> queue = new ArrayDeque<>();

	private final ParkedKeySets parked = new ParkedKeySets();

	private volatile int queued;

	private int blockedSenders;

	private boolean draining;

	/** The queue is final: once written, the call completes with OK. */
	private boolean completing;

	/** The call fails with this status next; the queue is discarded. */
	private @Nullable StatusRuntimeException failure;

	/** Nothing more is written to the call. */
	private boolean closed;

	/** A writer that ends its stream through {@code writeFailed} if a write fails. */
	ResponseWriter(ServerCallStreamObserver<ReduceResponse> call, int highWater, Consumer<Throwable> writeFailed) {
		this.call = call;
		this.writeFailed = writeFailed;
		this.highWater = highWater;
		this.lowWater = Math.max(1, highWater / 2);
		this.hardLimit = 2 * highWater;
	}

	/**
	 * Queue a key set's result and write what the transport takes. With {@code hardLimit}
	 * responses waiting the caller blocks, so a streamer that sends many results per
	 * datum, or from threads of its own, cannot fill the heap; except on a transport
	 * thread ({@link StreamerThreads#TRANSPORT}), which could be waiting for itself:
	 * there the result is queued, and the key set parks before its next item.
	 * @throws IllegalStateException if the key set's output is closed or the stream ended
	 */
	void send(ReduceResponse response, KeySet from) {
		synchronized (this) {
			while (true) {
				if (from.isDone()) {
					throw new IllegalStateException("The output of key set " + from.metadata().keys()
							+ " is closed: its input has ended, or its stream failed or was cancelled");
				}
				if (this.closed || this.completing || this.failure != null) {
					throw new IllegalStateException("The stream has ended; no more results can be sent");
				}
				if (this.queue.size() < this.hardLimit || from.stream.context().currentTransportLoop() != null) {
					// The transport thread never waits for itself to write.
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
	 * Close a key set's output (its turn calls this once); queued results still go out.
	 */
	synchronized void retire(KeySet keySet) {
		keySet.markDone();
		if (this.blockedSenders > 0) {
			notifyAll();
		}
	}

	/** Queue the stream's last responses (the EOFs), then complete the call with OK. */
	void complete(List<ReduceResponse> last) {
		synchronized (this) {
			if (this.closed || this.completing || this.failure != null) {
				return;
			}
			this.queue.addAll(last);
			this.queued = this.queue.size();
			this.completing = true;
		}
		drain();
	}

	/**
	 * End the call now: the queue is discarded, blocked senders fail, parked key sets
	 * resume (to be released); the client is told {@code status}, if not null.
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
		this.parked.resume(Integer.MAX_VALUE);
	}

	/** The transport can take more. */
	void onReady() {
		drain();
	}

	boolean isSaturated() {
		return this.queued >= this.highWater;
	}

	/**
	 * Park a key set until the queue has drained to the low-water mark (at once if it
	 * already has, or if the writer has ended).
	 */
	void park(KeySet keySet) {
		this.parked.add(keySet);
		resumeIfEnded();
	}

	/**
	 * Park a group's key sets not yet started, as one entry, until the queue has drained
	 * to the low-water mark (at once if it already has, or if the writer has ended).
	 */
	void park(KeySetTurns group) {
		this.parked.add(group);
		resumeIfEnded();
	}

	/** After an add: what drained or ended meanwhile resumes the parked key sets. */
	private void resumeIfEnded() {
		boolean ended;
		synchronized (this) {
			ended = this.closed || this.failure != null;
		}
		this.parked.resume(ended ? Integer.MAX_VALUE : room());
	}

	/**
	 * How many parked key sets to resume: none until the queue has drained to the
	 * low-water mark, then as many as would fill it up to the high-water mark. Resuming a
	 * few whenever one result leaves the queue would hand key sets to the pool one at a
	 * time, and most of them would park again at once.
	 */
	private int room() {
		int waiting = this.queued;
		return (waiting > this.lowWater || this.parked.isEmpty()) ? 0 : this.highWater - waiting;
	}

	/**
	 * Resume parked key sets if the queue has drained to the low-water mark: after every
	 * drain and turn, so they keep resuming even when resumed ones send nothing (resuming
	 * all at once would reschedule every parked key set to let a few send).
	 */
	void resumeIfRoom() {
		this.parked.resume(room());
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
	 * The call refused a write; this thread still holds the drain. The stream ends first,
	 * so a sender that then finds the writer closed is not taken for a failing handler;
	 * then its status (or {@code INTERNAL}, if none is pending) is tried once.
	 */
	private void failed(Throwable ex) {
		if (ex instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
		try {
			this.writeFailed.accept(ex);
		}
		finally {
			closeAfterFailedWrite(ex);
		}
	}

	private void closeAfterFailedWrite(Throwable ex) {
		StatusRuntimeException status;
		synchronized (this) {
			this.draining = false;
			status = this.closed ? null : this.failure;
			if (status == null && !this.closed) {
				status = Status.INTERNAL
					.withDescription("A response could not be written: " + Throwables.describable(ex))
					.asRuntimeException();
			}
			this.closed = true;
			this.queue.clear();
			this.queued = 0;
			notifyAll();
		}
		if (status != null) {
			try {
				this.call.onError(status);
			}
			catch (Throwable again) {
				logger.debug("Could not end a reduce stream whose response could not be written", again);
			}
		}
		this.parked.resume(Integer.MAX_VALUE);
	}

}
