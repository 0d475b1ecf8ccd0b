package dev.numaflow.reducestream.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.client.ReduceRequests;
import dev.numaflow.reducestream.proto.metadata.KeyValueGroup;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest.WindowOperation.Event;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * One window's {@code ReduceFn} stream with the platform's request shape: every request
 * carries exactly one window (slot {@code "0"}, as the Rust data plane sends), the first
 * is {@code OPEN} and the rest {@code APPEND}; {@link #halfClose()} closes the window.
 * Results received before the half-close are {@link Phase#WHILE_OPEN}, after it
 * {@link Phase#AT_END}. Sending is not thread-safe.
 * <p>
 * Flow control is a real client's: the next result is asked of the server only after the
 * result listener has returned, so a listener slower than the server slows the server
 * instead of filling memory, and {@link #awaitReady} lets a sender wait for the server's
 * window before each request instead of piling requests up in gRPC's buffer.
 */
public final class WindowCall {

	/** The slot the Rust data plane puts in every window. */
	public static final String SLOT = ReduceRequests.SLOT;

	private final IntervalWindow window;

	private final Window wireWindow;

	private final Consumer<Result> onResult;

	private final List<Result> results = new CopyOnWriteArrayList<>();

	/** Whether {@link #results} keeps every result, or only the counts are kept. */
	private final boolean keepResults;

	private final AtomicInteger whileOpen = new AtomicInteger();

	private final AtomicInteger atEnd = new AtomicInteger();

	/** Notified when the request stream becomes ready and when the call ends. */
	private final Object readiness = new Object();

	private final AtomicInteger endOfStreams = new AtomicInteger();

	private final List<String> problems = new CopyOnWriteArrayList<>();

	/** Guards {@link #endStatus} and {@link #onEnd}. */
	private final Object endLock = new Object();

	private @Nullable Status endStatus;

	private final List<Runnable> onEnd = new ArrayList<>();

	private final CompletableFuture<Status> end = new CompletableFuture<>();

	private @Nullable ClientCallStreamObserver<ReduceRequest> requests;

	private volatile boolean halfClosed;

	private boolean opened;

	private WindowCall(IntervalWindow window, Consumer<Result> onResult, boolean keepResults) {
		this.window = window;
		this.wireWindow = ReduceRequests.window(window.start(), window.end());
		this.onResult = onResult;
		this.keepResults = keepResults;
	}

	static WindowCall start(ReduceGrpc.ReduceStub stub, IntervalWindow window, Consumer<Result> onResult,
			boolean keepResults) {
		WindowCall call = new WindowCall(window, onResult, keepResults);
		stub.reduceFn(call.new Responses());
		return call;
	}

	/**
	 * Send one datum.
	 * @param keys the keys
	 * @param value the payload
	 * @param eventTime the event time
	 * @param watermark the watermark, or {@code null} to send none
	 * @param headers the headers
	 */
	public void send(List<String> keys, byte[] value, Instant eventTime, @Nullable Instant watermark,
			Map<String, String> headers) {
		send(keys, value, eventTime, watermark, headers, null, null);
	}

	/**
	 * Send one datum that carries W3C trace context as the platform sends it with tracing
	 * on: in the system metadata group {@code tracing}.
	 * @param keys the keys
	 * @param value the payload
	 * @param eventTime the event time
	 * @param watermark the watermark, or {@code null} to send none
	 * @param headers the headers
	 * @param traceparent the {@code traceparent}, or {@code null} to send no metadata
	 * @param tracestate the {@code tracestate}, or {@code null} for none
	 */
	public void send(List<String> keys, byte[] value, Instant eventTime, @Nullable Instant watermark,
			Map<String, String> headers, @Nullable String traceparent, @Nullable String tracestate) {
		ReduceRequest.Payload.Builder payload = ReduceRequest.Payload.newBuilder()
			.addAllKeys(keys)
			.setValue(ByteString.copyFrom(value))
			.setEventTime(ReduceRequests.timestamp(eventTime))
			.putAllHeaders(headers);
		if (watermark != null) {
			payload.setWatermark(ReduceRequests.timestamp(watermark));
		}
		if (traceparent != null) {
			KeyValueGroup.Builder tracing = KeyValueGroup.newBuilder()
				.putKeyValue("traceparent", ByteString.copyFromUtf8(traceparent));
			if (tracestate != null) {
				tracing.putKeyValue("tracestate", ByteString.copyFromUtf8(tracestate));
			}
			payload.setMetadata(dev.numaflow.reducestream.proto.metadata.Metadata.newBuilder()
				.putSysMetadata("tracing", tracing.build()));
		}
		Event event = this.opened ? Event.APPEND : Event.OPEN;
		this.opened = true;
		requests().onNext(ReduceRequest.newBuilder()
			.setPayload(payload)
			.setOperation(ReduceRequests.operation(event, this.wireWindow))
			.build());
	}

	/**
	 * Wait until the server's flow-control window and the transport take another request,
	 * as the platform does before it sends: a server that handles datums slowly then
	 * slows the sender instead of making gRPC buffer requests without bound. Returns at
	 * once if the call has ended.
	 * @param timeout how long to wait
	 * @throws TimeoutException if the server took no more requests within the timeout
	 * @throws InterruptedException if interrupted
	 */
	public void awaitReady(Duration timeout) throws TimeoutException, InterruptedException {
		ClientCallStreamObserver<ReduceRequest> observer = requests();
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.readiness) {
			while (!observer.isReady() && !isEnded()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new TimeoutException("The server took no request of " + describe() + " within " + timeout);
				}
				TimeUnit.NANOSECONDS.timedWait(this.readiness, left);
			}
		}
	}

	private void readinessChanged() {
		synchronized (this.readiness) {
			this.readiness.notifyAll();
		}
	}

	private String describe() {
		return "window [" + this.window.start() + ", " + this.window.end() + ")";
	}

	/** Close the window as the platform does: half-close the request stream. */
	public void halfClose() {
		this.halfClosed = true;
		if (!isEnded()) {
			requests().onCompleted();
		}
	}

	/**
	 * Cancel the stream, as the platform does when it shuts down.
	 * @param reason why, for the server's logs
	 */
	public void cancel(String reason) {
		if (!isEnded()) {
			requests().cancel(reason, null);
		}
	}

	/**
	 * The window.
	 * @return the window
	 */
	public IntervalWindow window() {
		return this.window;
	}

	/**
	 * The results received so far, in arrival order; empty for a call that counts its
	 * results without keeping them.
	 * @return the results
	 */
	public List<Result> results() {
		return List.copyOf(this.results);
	}

	/**
	 * The number of results received so far.
	 * @return the count
	 */
	public int resultCount() {
		return this.whileOpen.get() + this.atEnd.get();
	}

	/**
	 * The number of results received so far in one phase.
	 * @param phase before or after the half-close
	 * @return the count
	 */
	public int resultCount(Phase phase) {
		return ((phase == Phase.WHILE_OPEN) ? this.whileOpen : this.atEnd).get();
	}

	/**
	 * The number of end-of-stream ({@code EOF=true}) responses received.
	 * @return the count
	 */
	public int endOfStreamCount() {
		return this.endOfStreams.get();
	}

	/**
	 * Protocol problems seen in the responses: a response without its window, for another
	 * window, or after the end-of-stream response.
	 * @return the problems, empty when the server behaved
	 */
	public List<String> protocolProblems() {
		return List.copyOf(this.problems);
	}

	/**
	 * Whether the call has ended, with any status.
	 * @return whether it ended
	 */
	public boolean isEnded() {
		return status() != null;
	}

	/**
	 * How the call ended, or {@code null} while it runs.
	 * @return the status or {@code null}
	 */
	public @Nullable Status status() {
		synchronized (this.endLock) {
			return this.endStatus;
		}
	}

	/**
	 * Run an action once the call has ended, on the thread that ends it (or now).
	 * @param action the action
	 */
	public void whenEnded(Runnable action) {
		synchronized (this.endLock) {
			if (this.endStatus == null) {
				this.onEnd.add(action);
				return;
			}
		}
		action.run();
	}

	/**
	 * Wait for the call to end.
	 * @param timeout how long to wait
	 * @return how it ended
	 * @throws TimeoutException if it did not end in time
	 * @throws InterruptedException if interrupted
	 */
	public Status awaitEnd(Duration timeout) throws TimeoutException, InterruptedException {
		try {
			return this.end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			return Status.fromThrowable(ex.getCause());
		}
	}

	private ClientCallStreamObserver<ReduceRequest> requests() {
		ClientCallStreamObserver<ReduceRequest> observer = this.requests;
		if (observer == null) {
			throw new IllegalStateException("The call has not started");
		}
		return observer;
	}

	private final class Responses implements ClientResponseObserver<ReduceRequest, ReduceResponse> {

		@Override
		public void beforeStart(ClientCallStreamObserver<ReduceRequest> requestStream) {
			WindowCall.this.requests = requestStream;
			// One response at a time, the next asked for only once this one is handled.
			requestStream.disableAutoRequestWithInitial(1);
			requestStream.setOnReadyHandler(WindowCall.this::readinessChanged);
		}

		@Override
		public void onNext(ReduceResponse response) {
			try {
				handle(response);
			}
			finally {
				requests().request(1);
			}
		}

		private void handle(ReduceResponse response) {
			if (!response.hasWindow() || !response.getWindow().hasStart() || !response.getWindow().hasEnd()) {
				WindowCall.this.problems.add("a response without the window's start and end (the platform's numa"
						+ " container crashes on it): " + response);
			}
			else if (!response.getWindow().getStart().equals(WindowCall.this.wireWindow.getStart())
					|| !response.getWindow().getEnd().equals(WindowCall.this.wireWindow.getEnd())) {
				WindowCall.this.problems.add("a response for another window: " + response.getWindow());
			}
			if (WindowCall.this.endOfStreams.get() > 0) {
				WindowCall.this.problems.add("a response after the end-of-stream response (the platform stops"
						+ " reading at the first EOF): " + response);
			}
			if (response.getEOF()) {
				WindowCall.this.endOfStreams.incrementAndGet();
				return;
			}
			ReduceResponse.Result wire = response.getResult();
			Result result = new Result(wire.getKeysList(), wire.getValue().toByteArray(), wire.getTagsList(),
					WindowCall.this.halfClosed ? Phase.AT_END : Phase.WHILE_OPEN);
			// Kept before counted: whoever sees the count (a session waiting for the
			// results so far) must find the result in the list.
			if (WindowCall.this.keepResults) {
				WindowCall.this.results.add(result);
			}
			((result.phase() == Phase.WHILE_OPEN) ? WindowCall.this.whileOpen : WindowCall.this.atEnd)
				.incrementAndGet();
			WindowCall.this.onResult.accept(result);
		}

		@Override
		public void onError(Throwable error) {
			ended(Status.fromThrowable(error));
		}

		@Override
		public void onCompleted() {
			ended(Status.OK);
		}

		/**
		 * Record the status, run the end actions, then release whoever awaits the end.
		 */
		private void ended(Status status) {
			List<Runnable> actions;
			synchronized (WindowCall.this.endLock) {
				if (WindowCall.this.endStatus != null) {
					return;
				}
				WindowCall.this.endStatus = status;
				actions = List.copyOf(WindowCall.this.onEnd);
				WindowCall.this.onEnd.clear();
			}
			actions.forEach(Runnable::run);
			WindowCall.this.end.complete(status);
			readinessChanged();
		}

	}

}
