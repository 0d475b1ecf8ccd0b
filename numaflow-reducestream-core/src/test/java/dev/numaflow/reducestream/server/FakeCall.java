package dev.numaflow.reducestream.server;

import java.util.ArrayList;
import java.util.List;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;

/**
 * The server side of a call, without a transport: records what the stream writes and asks
 * for, is ready or not as the test says, fires the call's ready and cancel handlers on
 * request, and can fail writes or requests.
 */
final class FakeCall extends ServerCallStreamObserver<ReduceResponse> {

	private final List<Object> written = new ArrayList<>();

	private final List<Integer> requests = new ArrayList<>();

	private boolean ready = true;

	private int onReadyThreshold = 32 * 1024;

	/** Writes the transport takes before it is not ready, or -1 for no limit. */
	private int readyWrites = -1;

	private boolean cancelled;

	private boolean autoRequestDisabled;

	private @Nullable Runnable onReadyHandler;

	private @Nullable Runnable onCancelHandler;

	private @Nullable Throwable onNextFailure;

	private @Nullable Throwable requestFailure;

	private @Nullable Runnable onRequest;

	/** Whether the transport takes responses now, without telling the stream. */
	void ready(boolean ready) {
		this.ready = ready;
	}

	/** The transport becomes ready and tells the stream, as gRPC does. */
	void becomeReady() {
		this.ready = true;
		this.readyWrites = -1;
		Runnable handler = this.onReadyHandler;
		if (handler != null) {
			handler.run();
		}
	}

	/**
	 * The transport takes {@code writes} more responses, then is not ready, and tells the
	 * stream it is ready now, as gRPC does.
	 */
	void becomeReadyFor(int writes) {
		this.ready = true;
		this.readyWrites = writes;
		Runnable handler = this.onReadyHandler;
		if (handler != null) {
			handler.run();
		}
	}

	/** The client cancels, as gRPC reports it to the cancel handler. */
	void cancel() {
		this.cancelled = true;
		Runnable handler = this.onCancelHandler;
		if (handler != null) {
			handler.run();
		}
	}

	/** From now on, {@link #onNext} throws this (a RuntimeException or an Error). */
	void failWrites(Throwable failure) {
		this.onNextFailure = failure;
	}

	/** Run once, at the next {@link #request}: something that happens meanwhile. */
	void onNextRequest(Runnable hook) {
		this.onRequest = hook;
	}

	/** From now on, {@link #request} throws this. */
	void failRequests(Throwable failure) {
		this.requestFailure = failure;
	}

	@Override
	public void onNext(ReduceResponse value) {
		Throwable failure = this.onNextFailure;
		if (failure != null) {
			throw unchecked(failure);
		}
		this.written.add(value);
		if (this.readyWrites > 0 && --this.readyWrites == 0) {
			this.ready = false;
		}
	}

	@Override
	public void onError(Throwable t) {
		this.written.add(Status.fromThrowable(t));
	}

	@Override
	public void onCompleted() {
		this.written.add(Status.OK);
	}

	/** The responses written, in order. */
	List<ReduceResponse> responses() {
		return this.written.stream().filter(ReduceResponse.class::isInstance).map(ReduceResponse.class::cast).toList();
	}

	/** The results written, without EOFs, as their values. */
	List<String> resultValues() {
		return responses().stream()
			.filter((response) -> !response.getEOF())
			.map((response) -> response.getResult().getValue().toStringUtf8())
			.toList();
	}

	/** How the call was ended, each time it was: OK for a completion. */
	List<Status> ends() {
		return this.written.stream().filter(Status.class::isInstance).map(Status.class::cast).toList();
	}

	/**
	 * Everything written, in order: {@code result:<value>}, {@code eof:<window start
	 * millis>}, or the end's status code.
	 */
	List<String> log() {
		List<String> log = new ArrayList<>();
		for (Object item : this.written) {
			if (item instanceof ReduceResponse response) {
				log.add(response.getEOF() ? "eof:" + ProtoMapping.millis(response.getWindow().getStart())
						: "result:" + response.getResult().getValue().toStringUtf8());
			}
			else {
				log.add(((Status) item).getCode().toString());
			}
		}
		return log;
	}

	/** Each {@link #request(int)} of the stream, in order. */
	List<Integer> requests() {
		return List.copyOf(this.requests);
	}

	/** The on-ready threshold the stream set, or gRPC's default if none. */
	int onReadyThreshold() {
		return this.onReadyThreshold;
	}

	@Override
	public void setOnReadyThreshold(int numBytes) {
		this.onReadyThreshold = numBytes;
	}

	boolean autoRequestDisabled() {
		return this.autoRequestDisabled;
	}

	@Override
	public boolean isCancelled() {
		return this.cancelled;
	}

	@Override
	public void setOnCancelHandler(Runnable onCancelHandler) {
		this.onCancelHandler = onCancelHandler;
	}

	@Override
	public void setCompression(String compression) {
	}

	@Override
	public boolean isReady() {
		return this.ready && this.readyWrites != 0;
	}

	@Override
	public void setOnReadyHandler(Runnable onReadyHandler) {
		this.onReadyHandler = onReadyHandler;
	}

	@Override
	public void disableAutoInboundFlowControl() {
		this.autoRequestDisabled = true;
	}

	@Override
	public void disableAutoRequest() {
		this.autoRequestDisabled = true;
	}

	@Override
	public void request(int count) {
		Throwable failure = this.requestFailure;
		if (failure != null) {
			throw unchecked(failure);
		}
		this.requests.add(count);
		Runnable hook = this.onRequest;
		if (hook != null) {
			this.onRequest = null;
			hook.run();
		}
	}

	@Override
	public void setMessageCompression(boolean enable) {
	}

	private static RuntimeException unchecked(Throwable failure) {
		if (failure instanceof Error error) {
			throw error;
		}
		return (failure instanceof RuntimeException runtime) ? runtime : new IllegalStateException(failure);
	}

}
