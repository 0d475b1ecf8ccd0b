package dev.numaflow.reducestream.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.server.ReduceStreamListener.ErrorKind;
import dev.numaflow.reducestream.server.ReduceStreamListener.Outcome;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * One {@code ReduceFn} call: the platform's stream for one window. It routes each datum
 * to the worker of its (window, key set), asks the transport for more requests only as
 * datums are handled, and after the client's half-close sends one EOF response once every
 * key set has finished.
 * <p>
 * The request callbacks are serialised by gRPC; workers call back from handler threads.
 */
final class WindowStream implements StreamObserver<ReduceRequest> {

	private static final Logger logger = LoggerFactory.getLogger(WindowStream.class);

	private final StreamContext context;

	private final ServerCallStreamObserver<ReduceResponse> call;

	private final ResponseWriter responses;

	private final Map<KeySetId, KeySetWorker> workers = new ConcurrentHashMap<>();

	/**
	 * The distinct windows seen, as received and in arrival order, for the EOF responses.
	 */
	private final Map<KeySetId, Window> windows = new LinkedHashMap<>(2);

	private final AtomicInteger unfinishedKeySets = new AtomicInteger();

	private final AtomicInteger handledSinceRequest = new AtomicInteger();

	private final AtomicBoolean terminated = new AtomicBoolean();

	private final int requestBatch;

	private volatile boolean halfClosed;

	WindowStream(StreamContext context, ServerCallStreamObserver<ReduceResponse> call) {
		this.context = context;
		this.call = call;
		this.responses = new ResponseWriter(call, context.maxPendingResults());
		this.requestBatch = Math.max(1, context.maxPendingDatums() / 2);
	}

	/** Called before the service method returns: flow control and callbacks. */
	void start() {
		this.call.disableAutoRequest();
		this.call.setOnReadyHandler(this.responses::onReady);
		this.call.setOnCancelHandler(this::cancelled);
		this.call.request(this.context.maxPendingDatums());
	}

	@Override
	public void onNext(ReduceRequest request) {
		if (this.terminated.get()) {
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
		KeySetId id = KeySetId.of(window, keys);
		KeySetWorker worker = this.workers.get(id);
		if (worker == null) {
			worker = newWorker(id, window);
		}
		this.context.listener().datumReceived(watermarkMillis(payload));
		worker.submit(new ProtoDatum(payload, worker.metadata().keys()));
	}

	private KeySetWorker newWorker(KeySetId id, Window window) {
		KeySetId windowId = new KeySetId(id.startSeconds(), id.startNanos(), id.endSeconds(), id.endNanos(), List.of());
		this.windows.putIfAbsent(windowId, window);
		List<String> keys = List.copyOf(id.keys());
		Metadata metadata = new Metadata(keys, ProtoMapping.intervalWindow(window));
		KeySetWorker worker = new KeySetWorker(this, metadata, window);
		this.unfinishedKeySets.incrementAndGet();
		this.workers.put(new KeySetId(id.startSeconds(), id.startNanos(), id.endSeconds(), id.endNanos(), keys),
				worker);
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
		for (KeySetWorker worker : this.workers.values()) {
			worker.endOfInput();
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
				for (Window window : this.windows.values()) {
					this.responses.send(ProtoMapping.endOfStream(window));
				}
				this.responses.complete();
			}
			catch (IllegalStateException ex) {
				logger.debug("Reduce stream ended before its EOF could be sent", ex);
			}
			this.workers.clear();
			this.context.streamEnded(Outcome.OK);
		}
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
	void fail(Throwable cause, KeySetWorker worker) {
		if (!this.terminated.compareAndSet(false, true)) {
			return;
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
	}

	private void rejectRequest(String problem) {
		if (!this.terminated.compareAndSet(false, true)) {
			return;
		}
		logger.warn("Rejected a reduce stream request: {}", problem);
		this.responses.fail(ErrorStatuses.invalidArgument(problem));
		releaseAll();
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
		this.context.streamEnded(Outcome.CANCELLED);
	}

	private void releaseAll() {
		for (KeySetWorker worker : this.workers.values()) {
			worker.schedule();
		}
		this.workers.clear();
	}

	boolean isTerminated() {
		return this.terminated.get();
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
