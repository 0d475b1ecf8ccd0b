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
 */
public final class WindowCall {

	/** The slot the Rust data plane puts in every window. */
	public static final String SLOT = ReduceRequests.SLOT;

	private final IntervalWindow window;

	private final Window wireWindow;

	private final Consumer<Result> onResult;

	private final List<Result> results = new CopyOnWriteArrayList<>();

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

	private WindowCall(IntervalWindow window, Consumer<Result> onResult) {
		this.window = window;
		this.wireWindow = ReduceRequests.window(window.start(), window.end());
		this.onResult = onResult;
	}

	static WindowCall start(ReduceGrpc.ReduceStub stub, IntervalWindow window, Consumer<Result> onResult) {
		WindowCall call = new WindowCall(window, onResult);
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
		ReduceRequest.Payload.Builder payload = ReduceRequest.Payload.newBuilder()
			.addAllKeys(keys)
			.setValue(ByteString.copyFrom(value))
			.setEventTime(ReduceRequests.timestamp(eventTime))
			.putAllHeaders(headers);
		if (watermark != null) {
			payload.setWatermark(ReduceRequests.timestamp(watermark));
		}
		Event event = this.opened ? Event.APPEND : Event.OPEN;
		this.opened = true;
		requests().onNext(ReduceRequest.newBuilder()
			.setPayload(payload)
			.setOperation(ReduceRequests.operation(event, this.wireWindow))
			.build());
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
	 * The results received so far, in arrival order.
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
		return this.results.size();
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
		}

		@Override
		public void onNext(ReduceResponse response) {
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
			WindowCall.this.results.add(result);
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
		}

	}

}
