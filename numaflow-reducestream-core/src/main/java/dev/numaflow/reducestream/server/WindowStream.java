package dev.numaflow.reducestream.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import com.google.protobuf.Timestamp;
import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.server.ReduceStreamListener.ErrorKind;
import dev.numaflow.reducestream.server.ReduceStreamListener.Outcome;

/**
 * One {@code ReduceFn} call: the platform's stream for one window. It routes each datum
 * to the worker of its (window, key set), asks the transport for more requests only as
 * datums are handled, and after the client's half-close sends one EOF response once every
 * key set has finished.
 * <p>
 * The request callbacks are serialised by gRPC and run on the connection's transport
 * thread; workers call back from handler threads. A datum does not wake a handler thread
 * by itself: the key sets that received datums are collected on a ready list, and once
 * the transport has delivered every message of its current read, the list is handed to
 * the handler pool in one go (see {@link #dispatchReady()}).
 */
final class WindowStream implements StreamObserver<ReduceRequest> {

	private static final Logger logger = LoggerFactory.getLogger(WindowStream.class);

	private final StreamContext context;

	private final ServerCallStreamObserver<ReduceResponse> call;

	private final ResponseWriter responses;

	/**
	 * Every key set of the stream, for the half-close and for releasing them when the
	 * stream ends early (which may happen on a handler thread).
	 */
	private final Queue<KeySetWorker> workers = new ConcurrentLinkedQueue<>();

	/**
	 * The window of the stream's first datum. The platform sends one window per stream,
	 * so its key sets are looked up by the request's keys alone, without building a key
	 * per datum. Request callbacks only (serialised by gRPC; the transport thread on a
	 * socket).
	 */
	private @Nullable Window firstWindow;

	/** The key sets of {@link #firstWindow}, by keys. Request callbacks only. */
	private final Map<List<String>, KeySetWorker> firstWindowKeySets = new HashMap<>();

	/**
	 * The key sets of any other window (a stream the platform does not send, handled as
	 * the protocol allows). Request callbacks only.
	 */
	private final Map<KeySetId, KeySetWorker> otherKeySets = new HashMap<>();

	/**
	 * The distinct windows seen, as received and in arrival order, for the EOF responses.
	 */
	private final Map<KeySetId, SharedWindow> windows = new LinkedHashMap<>(2);

	/**
	 * The key set of the previous datum: consecutive datums of one key set skip the
	 * lookup. Transport thread only.
	 */
	private @Nullable KeySetWorker lastWorker;

	private final AtomicInteger unfinishedKeySets = new AtomicInteger();

	private final AtomicInteger handledSinceRequest = new AtomicInteger();

	private final AtomicBoolean terminated = new AtomicBoolean();

	private final int requestBatch;

	private volatile boolean halfClosed;

	/**
	 * The transport thread's event loop, on which every request callback runs; null when
	 * it is not one of the server's (then each key set is handed over on its own).
	 */
	private @Nullable EventExecutor transportLoop;

	/**
	 * Key sets with new items and no turn queued; transport thread only.
	 */
	private ArrayList<KeySetWorker> ready = new ArrayList<>();

	/** Whether {@link #dispatchReady()} is queued on the transport loop. */
	private boolean dispatchQueued;

	private final Runnable dispatch = this::dispatchReady;

	WindowStream(StreamContext context, ServerCallStreamObserver<ReduceResponse> call) {
		this.context = context;
		this.call = call;
		this.responses = new ResponseWriter(call, context.maxPendingResults());
		this.requestBatch = Math.max(1, context.maxPendingDatums() / 2);
	}

	/** Called before the service method returns: flow control and callbacks. */
	void start() {
		this.transportLoop = this.context.currentTransportLoop();
		this.call.disableAutoRequest();
		this.call.setOnReadyHandler(this.responses::onReady);
		this.call.setOnCancelHandler(this::cancelled);
		this.call.request(this.context.maxPendingDatums());
	}

	@Override
	public void onNext(ReduceRequest request) {
		if (this.terminated.get()) {
			forgetKeySets();
			return;
		}
		String problem = RequestValidation.problem(request);
		if (problem != null) {
			rejectRequest(problem);
			return;
		}
		ReduceRequest.WindowOperation operation = request.getOperation();
		if (operation.getEvent() == ReduceRequest.WindowOperation.Event.CLOSE) {
			// The platform closes aligned windows by half-closing the stream; a CLOSE
			// carries no datum.
			datumsHandled(1);
			return;
		}
		Window window = operation.getWindows(0);
		ReduceRequest.Payload payload = request.getPayload();
		List<String> keys = payload.getKeysList();
		KeySetWorker worker = this.lastWorker;
		if (worker == null || !worker.isFor(window, keys)) {
			worker = lookUp(window, keys);
			this.lastWorker = worker;
		}
		this.context.listener().datumReceived(watermarkMillis(payload));
		worker.add(new ProtoDatum(payload, worker.metadata().keys()));
		whenReady(worker);
	}

	/**
	 * The worker has a new item: make sure it gets a turn. On the transport thread this
	 * only puts it on the ready list; the items are published and the hand-off to the
	 * pool follows once the current read has been delivered, with one volatile write per
	 * key set and read rather than per datum.
	 */
	private void whenReady(KeySetWorker worker) {
		EventExecutor loop = this.transportLoop;
		if (loop == null || !loop.inEventLoop()) {
			worker.publish();
			worker.schedule();
			return;
		}
		if (worker.ready) {
			return;
		}
		worker.ready = true;
		this.ready.add(worker);
		if (!this.dispatchQueued) {
			this.dispatchQueued = true;
			try {
				// Netty runs the tasks of its loop after the I/O of the current round,
				// so every message of this read is in the mailboxes by then.
				loop.execute(this.dispatch);
			}
			catch (RejectedExecutionException ex) {
				// The transport is shutting down: hand over at once.
				dispatchReady();
			}
		}
	}

	/**
	 * Hand the ready key sets to the handler pool: claim each one's turn, and submit one
	 * task per handler thread at most that runs them all (see {@link KeySetTurns}).
	 * Transport thread only.
	 */
	private void dispatchReady() {
		this.dispatchQueued = false;
		ArrayList<KeySetWorker> list = this.ready;
		int size = list.size();
		if (size == 0) {
			return;
		}
		if (size == 1) {
			// One datum per read, as at a low rate: no group to build.
			KeySetWorker worker = list.get(0);
			list.clear();
			worker.ready = false;
			// Publish, then claim: a turn that is running sees the items after it
			// clears its flag.
			worker.publish();
			if (worker.claim()) {
				submit(worker);
			}
			return;
		}
		KeySetWorker[] claimed = new KeySetWorker[size];
		int count = 0;
		for (int i = 0; i < size; i++) {
			KeySetWorker worker = list.get(i);
			worker.ready = false;
			worker.publish();
			if (worker.claim()) {
				claimed[count++] = worker;
			}
		}
		if (size > 1024) {
			// Do not keep a large array for the rest of the stream.
			this.ready = new ArrayList<>();
		}
		else {
			list.clear();
		}
		if (count == 1) {
			submit(claimed[0]);
		}
		else if (count > 1) {
			submit(new KeySetTurns(claimed, count), Math.min(count, this.context.handlerThreads()));
		}
	}

	private void submit(KeySetWorker worker) {
		try {
			executor().execute(worker);
		}
		catch (RejectedExecutionException ex) {
			handlerPoolClosed(ex);
			worker.dropped();
		}
	}

	private void submit(KeySetTurns turns, int copies) {
		for (int i = 0; i < copies; i++) {
			try {
				executor().execute(turns);
			}
			catch (RejectedExecutionException ex) {
				// The server is stopping. The copies already queued run or are dropped
				// with the pool; without any, release the key sets here.
				handlerPoolClosed(ex);
				if (i == 0) {
					turns.dropped();
				}
				return;
			}
		}
	}

	/**
	 * The worker of a datum's key set, created on its first datum. A datum of the
	 * stream's first window costs one hash lookup by the request's own keys list.
	 */
	private KeySetWorker lookUp(Window window, List<String> keys) {
		Window first = this.firstWindow;
		if (first == null) {
			first = window;
			this.firstWindow = window;
		}
		if (sameBounds(first, window)) {
			KeySetWorker worker = this.firstWindowKeySets.get(keys);
			if (worker == null) {
				worker = newWorker(KeySetId.of(window, keys), window);
				this.firstWindowKeySets.put(worker.metadata().keys(), worker);
			}
			return worker;
		}
		KeySetId id = KeySetId.of(window, keys);
		KeySetWorker worker = this.otherKeySets.get(id);
		if (worker == null) {
			worker = newWorker(id, window);
			this.otherKeySets.put(id.withKeys(worker.metadata().keys()), worker);
		}
		return worker;
	}

	static boolean sameBounds(Window a, Window b) {
		Timestamp startA = a.getStart();
		Timestamp startB = b.getStart();
		Timestamp endA = a.getEnd();
		Timestamp endB = b.getEnd();
		return startA.getSeconds() == startB.getSeconds() && startA.getNanos() == startB.getNanos()
				&& endA.getSeconds() == endB.getSeconds() && endA.getNanos() == endB.getNanos();
	}

	private KeySetWorker newWorker(KeySetId id, Window window) {
		KeySetId windowId = new KeySetId(id.startSeconds(), id.startNanos(), id.endSeconds(), id.endNanos(), List.of());
		SharedWindow shared = this.windows.get(windowId);
		if (shared == null) {
			shared = new SharedWindow(window, ProtoMapping.intervalWindow(window));
			this.windows.put(windowId, shared);
		}
		else if (!shared.window().equals(window)) {
			// Same bounds, another slot: the key set answers with its own window.
			shared = new SharedWindow(window, shared.interval());
		}
		List<String> keys = List.copyOf(id.keys());
		// The window's objects are shared by its key sets, not held once per key set.
		Metadata metadata = new Metadata(keys, shared.interval());
		KeySetWorker worker = new KeySetWorker(this, metadata, shared.window());
		this.unfinishedKeySets.incrementAndGet();
		this.workers.add(worker);
		this.context.listener().keySetOpened();
		return worker;
	}

	/**
	 * The platform sends no watermark, or -1 ms, before it has one: both mean none yet.
	 */
	private static long watermarkMillis(ReduceRequest.Payload payload) {
		if (!payload.hasWatermark()) {
			return ReduceStreamListener.NO_WATERMARK;
		}
		long millis = ProtoMapping.millis(payload.getWatermark());
		return (millis < 0) ? ReduceStreamListener.NO_WATERMARK : millis;
	}

	@Override
	public void onError(Throwable error) {
		// gRPC reports a client cancellation here and to the cancel handler.
		cancelled();
	}

	@Override
	public void onCompleted() {
		if (this.terminated.get()) {
			forgetKeySets();
			return;
		}
		this.halfClosed = true;
		if (this.workers.isEmpty()) {
			// A window with no datums: there is no window to put in an EOF, so the call
			// just completes.
			if (this.terminated.compareAndSet(false, true)) {
				this.responses.complete();
				this.context.streamEnded(Outcome.OK);
			}
			return;
		}
		for (KeySetWorker worker : this.workers) {
			worker.addEndOfInput();
			whenReady(worker);
		}
	}

	/**
	 * A key set's end of input has run; the last one sends the EOF and completes the
	 * call.
	 */
	void keySetFinished() {
		if (this.unfinishedKeySets.decrementAndGet() == 0 && this.halfClosed
				&& this.terminated.compareAndSet(false, true)) {
			try {
				for (SharedWindow window : this.windows.values()) {
					this.responses.send(ProtoMapping.endOfStream(window.window()));
				}
				this.responses.complete();
			}
			catch (IllegalStateException ex) {
				logger.debug("Reduce stream ended before its EOF could be sent", ex);
			}
			this.workers.clear();
			// After the half-close no request callback runs again: the lookup maps are
			// this thread's to clear (their last writes happened before the end of input
			// this thread has read).
			forgetKeySets();
			this.context.streamEnded(Outcome.OK);
		}
	}

	/**
	 * Drop the lookup of the stream's key sets once it has ended, so that nothing keeps
	 * them while the call winds down. Request callbacks only, or after the half-close.
	 */
	private void forgetKeySets() {
		this.lastWorker = null;
		this.firstWindowKeySets.clear();
		this.otherKeySets.clear();
	}

	void datumsHandled(int count) {
		int handled = this.handledSinceRequest.addAndGet(count);
		if (handled >= this.requestBatch && !this.terminated.get()) {
			int granted = this.handledSinceRequest.getAndSet(0);
			if (granted > 0) {
				this.call.request(granted);
			}
		}
	}

	/**
	 * A streamer failed: the stream ends with {@code UDF_EXECUTION_ERROR}; its other key
	 * sets are released.
	 */
	boolean fail(Throwable cause, KeySetWorker worker) {
		if (!this.terminated.compareAndSet(false, true)) {
			return false;
		}
		Metadata metadata = worker.metadata();
		// Keys are request content: only at DEBUG.
		logger.error("Reduce streamer failed for window [{}, {})", metadata.intervalWindow().start(),
				metadata.intervalWindow().end(), cause);
		logger.debug("The failed key set's keys: {}", metadata.keys());
		this.responses.fail(ErrorStatuses.udfExecutionError(this.context.containerType(), cause));
		releaseAll();
		this.context.listener().error(ErrorKind.HANDLER);
		this.context.streamEnded(Outcome.ERROR);
		this.context.handlerFailed(cause);
		return true;
	}

	private void rejectRequest(String problem) {
		if (!this.terminated.compareAndSet(false, true)) {
			return;
		}
		logger.warn("Rejected a reduce stream request: {}", problem);
		this.responses.fail(ErrorStatuses.invalidArgument(problem));
		releaseAll();
		forgetKeySets();
		this.context.listener().error(ErrorKind.PROTOCOL);
		this.context.streamEnded(Outcome.ERROR);
	}

	void handlerPoolClosed(RejectedExecutionException ex) {
		if (!this.terminated.compareAndSet(false, true)) {
			return;
		}
		logger.debug("Reduce stream stopped: the handler pool is shut down", ex);
		this.responses
			.fail(Status.UNAVAILABLE.withDescription("The reduce stream server is shutting down").asRuntimeException());
		releaseAll();
		this.context.streamEnded(Outcome.CANCELLED);
	}

	private void cancelled() {
		if (!this.terminated.compareAndSet(false, true)) {
			return;
		}
		logger.debug("Reduce stream cancelled by the client");
		this.responses.cancelled();
		releaseAll();
		forgetKeySets();
		this.context.streamEnded(Outcome.CANCELLED);
	}

	private void releaseAll() {
		KeySetWorker worker;
		while ((worker = this.workers.poll()) != null) {
			worker.schedule();
		}
	}

	boolean isTerminated() {
		return this.terminated.get();
	}

	/** A window as received, and as the API sees it. */
	private record SharedWindow(Window window, IntervalWindow interval) {
	}

	ResponseWriter responses() {
		return this.responses;
	}

	Executor executor() {
		return this.context.executor();
	}

	StreamContext context() {
		return this.context;
	}

	ReduceStreamerFactory factory() {
		return this.context.factory();
	}

	void release(ReduceStreamer streamer) {
		this.context.release(streamer);
	}

}
