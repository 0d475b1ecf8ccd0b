package dev.numaflow.reducestream.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * One {@code ReduceFn} call: the platform's stream for one window. It routes each datum
 * to its key set ({@link KeySetTable}), lets the {@link Dispatcher} give the key sets
 * turns, asks the transport for more requests only as datums are handled, and after the
 * client's half-close, once every key set has finished, sends one EOF per window.
 * <p>
 * The request callbacks are serialised by gRPC and run on the connection's transport
 * thread; key sets call back from handler threads. However the stream ends, it ends once,
 * through {@link #end}: the response side is told, every key set is released on its own
 * turn, and the listener hears of it. Each request callback is a fault boundary: a
 * throwable of ours there ends the stream with {@code INTERNAL} instead of escaping into
 * gRPC.
 */
final class WindowStream implements StreamObserver<ReduceRequest> {

	private static final Logger logger = LoggerFactory.getLogger(WindowStream.class);

	private final StreamContext context;

	private final ServerCallStreamObserver<ReduceResponse> call;

	private final ResponseWriter responses;

	private final KeySetTable keySets;

	private final Dispatcher dispatcher;

	private final AtomicReference<@Nullable StreamEnd> ended = new AtomicReference<>();

	private final AtomicInteger unfinishedKeySets = new AtomicInteger();

	private final AtomicInteger handledSinceRequest = new AtomicInteger();

	private final int requestBatch;

	private volatile boolean halfClosed;

	/** Called on the transport thread, in the service method. */
	WindowStream(StreamContext context, ServerCallStreamObserver<ReduceResponse> call) {
		this.context = context;
		this.call = call;
		this.responses = new ResponseWriter(call, context.maxPendingResults(), this::writeFailed);
		this.keySets = new KeySetTable(this);
		this.dispatcher = new Dispatcher(this, context, context.currentTransportLoop());
		this.requestBatch = Math.max(1, context.maxPendingDatums() / 2);
	}

	/** Called before the service method returns: flow control and callbacks. */
	void start() {
		this.call.disableAutoRequest();
		// Above this many bytes not yet written, the call is not ready: the writer then
		// holds results back and the key sets park (see ResponseWriter).
		this.call.setOnReadyThreshold(this.context.transportBuffer());
		this.call.setOnReadyHandler(this.responses::onReady);
		this.call.setOnCancelHandler(this::cancelled);
		this.call.request(this.context.maxPendingDatums());
	}

	@Override
	public void onNext(ReduceRequest request) {
		try {
			receive(request);
			this.dispatcher.requestDone();
		}
		catch (Throwable fault) {
			runtimeFault(fault);
		}
	}

	private void receive(ReduceRequest request) {
		if (isEnded()) {
			this.keySets.forget();
			return;
		}
		String problem = RequestValidation.problem(request);
		if (problem != null) {
			if (end(StreamEnd.PROTOCOL, null, problem)) {
				this.keySets.forget();
			}
			return;
		}
		ReduceRequest.WindowOperation operation = request.getOperation();
		if (operation.getEvent() == ReduceRequest.WindowOperation.Event.CLOSE) {
			// The platform closes aligned windows by half-closing the stream; a CLOSE
			// carries no datum.
			datumsHandled(1);
			return;
		}
		ReduceRequest.Payload payload = request.getPayload();
		KeySet keySet = this.keySets.keySet(operation.getWindows(0), payload.getKeysList());
		this.context.listener().datumReceived(ProtoMapping.watermarkMillis(payload));
		keySet.add(new ProtoDatum(payload, keySet.metadata().keys(), this.context.codec()));
		this.dispatcher.ready(keySet);
	}

	@Override
	public void onError(Throwable error) {
		// gRPC reports a client cancellation here and to the cancel handler.
		cancelled();
	}

	@Override
	public void onCompleted() {
		try {
			if (isEnded()) {
				this.keySets.forget();
				return;
			}
			this.halfClosed = true;
			if (this.keySets.isEmpty()) {
				// A window with no datums: there is no window to put in an EOF, so the
				// call
				// just completes.
				end(StreamEnd.COMPLETED, null, null);
				return;
			}
			for (KeySet keySet : this.keySets.all()) {
				keySet.addEndOfInput();
				this.dispatcher.ready(keySet);
			}
			this.dispatcher.requestDone();
		}
		catch (Throwable fault) {
			runtimeFault(fault);
		}
	}

	private void cancelled() {
		if (end(StreamEnd.CANCELLED, null, null)) {
			logger.debug("Reduce stream cancelled by the client");
			this.keySets.forget();
		}
	}

	/** A key set appeared. Request callbacks only. */
	void keySetOpened() {
		this.unfinishedKeySets.incrementAndGet();
		this.context.listener().keySetOpened();
	}

	/** A key set's end of input has run; the last one ends the stream. */
	void keySetFinished() {
		if (this.unfinishedKeySets.decrementAndGet() == 0 && this.halfClosed) {
			end(StreamEnd.COMPLETED, null, null);
		}
	}

	/**
	 * The user's code threw for a key set. The failure policy applies before anything is
	 * logged, so that an exception that cannot even be described still stops the process.
	 * @return whether that ended the stream; if not, it had ended before
	 */
	boolean handlerFailed(Throwable cause, Metadata metadata) {
		if (!end(StreamEnd.HANDLER_FAILED, cause, null)) {
			return false;
		}
		this.context.handlerFailed(cause);
		// Keys are request content: only at DEBUG.
		logger.error("Reduce streamer failed for window [{}, {})", metadata.intervalWindow().start(),
				metadata.intervalWindow().end(), Throwables.describable(cause));
		logger.debug("The failed key set's keys: {}", metadata.keys());
		return true;
	}

	/** A fault outside the user's code. */
	void runtimeFault(Throwable fault) {
		if (fault instanceof InterruptedException) {
			Thread.currentThread().interrupt();
		}
		if (end(StreamEnd.RUNTIME_FAULT, fault, null)) {
			logger.error("Reduce stream ended by a fault outside the reduce streamer's code",
					Throwables.describable(fault));
		}
	}

	/** The handler pool refused work: the server is stopping. */
	void poolRefused(RejectedExecutionException ex) {
		if (end(StreamEnd.STOPPING, ex, null)) {
			logger.debug("Reduce stream stopped: the handler pool is shut down", ex);
		}
	}

	private void writeFailed(Throwable ex) {
		if (end(StreamEnd.WRITE_FAILED, ex, null)) {
			logger.warn("Reduce stream ended: a response could not be written to the call", Throwables.describable(ex));
		}
	}

	/**
	 * The one way a stream ends. The first call wins; later ones change nothing. Whatever
	 * happens while the call is told, the key sets are released and the listener told.
	 * @return whether this call ended the stream
	 */
	private boolean end(StreamEnd how, @Nullable Throwable cause, @Nullable String problem) {
		if (!this.ended.compareAndSet(null, how)) {
			return false;
		}
		try {
			tellCall(how, (cause != null) ? Throwables.describable(cause) : null, problem);
		}
		catch (Throwable fault) {
			this.responses
				.terminate(Status.INTERNAL.withDescription("The reduce stream server failed").asRuntimeException());
		}
		finally {
			if (how == StreamEnd.COMPLETED) {
				// Every key set has finished.
				this.keySets.all().clear();
			}
			KeySet keySet;
			while ((keySet = this.keySets.all().poll()) != null) {
				// Released on its own turn (or by the writer, if parked).
				this.dispatcher.schedule(keySet);
			}
			ReduceStreamListener.ErrorKind kind = how.errorKind();
			if (kind != null) {
				this.context.listener().error(kind);
			}
			this.context.streamEnded(how.outcome());
		}
		return true;
	}

	private void tellCall(StreamEnd how, @Nullable Throwable cause, @Nullable String problem) {
		if (how == StreamEnd.COMPLETED) {
			// After the half-close, no request callback runs again: the table is this
			// thread's to read and clear.
			List<ReduceResponse> eofs = new ArrayList<>(2);
			for (Window window : this.keySets.windows()) {
				eofs.add(ProtoMapping.endOfStream(window));
			}
			this.responses.complete(eofs);
			this.keySets.forget();
			return;
		}
		if (how == StreamEnd.PROTOCOL) {
			logger.warn("Rejected a reduce stream request: {}", problem);
		}
		this.responses.terminate(how.status(this.context.containerType(), cause, problem));
	}

	/**
	 * Datums were handled: ask the transport for as many more. Never throws: a key set's
	 * turn calls it after its claim may have passed on, and a transport that refuses is a
	 * fault of the stream, not of the key set.
	 */
	void datumsHandled(int count) {
		int handled = this.handledSinceRequest.addAndGet(count);
		if (handled >= this.requestBatch && !isEnded()) {
			int granted = this.handledSinceRequest.getAndSet(0);
			if (granted > 0) {
				try {
					TransportTurns turns = this.dispatcher.onTransport();
					if (turns != null && turns.inLoop()) {
						// Asked from a turn on the transport thread, gRPC would deliver
						// the
						// next requests at once, inside the turn: ask once the turns are
						// done.
						turns.afterTurns(() -> requestMore(granted));
					}
					else {
						this.call.request(granted);
					}
				}
				catch (Throwable fault) {
					runtimeFault(fault);
				}
			}
		}
	}

	/** Ask the transport for more requests, as a task of its loop. */
	private void requestMore(int granted) {
		try {
			if (!isEnded()) {
				this.call.request(granted);
			}
		}
		catch (Throwable fault) {
			runtimeFault(fault);
		}
	}

	/** Whether the client has half-closed: the window is closed. */
	boolean isHalfClosed() {
		return this.halfClosed;
	}

	boolean isEnded() {
		return this.ended.get() != null;
	}

	ResponseWriter responses() {
		return this.responses;
	}

	Dispatcher dispatcher() {
		return this.dispatcher;
	}

	StreamContext context() {
		return this.context;
	}

}
