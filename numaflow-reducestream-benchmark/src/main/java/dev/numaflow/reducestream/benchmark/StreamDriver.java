package dev.numaflow.reducestream.benchmark;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * One {@code ReduceFn} stream shaped as the platform drives it: one window, OPEN for the
 * first request and APPEND for the rest, datums round-robin over the key sets, half-close
 * after the last datum, then reading until the stream ends. Unpaced, it sends whenever
 * the transport is ready; paced, a pacer thread calls {@link #send(long)}.
 */
final class StreamDriver implements ClientResponseObserver<ReduceRequest, ReduceResponse> {

	/** Requests of at most this many key sets are built once and reused. */
	private static final int CACHED_KEY_SETS = 10_000;

	private static final ByteString VALUE = ByteString.copyFromUtf8("{\"id\":42,\"value\":\"0123456789abcdef\"}");

	private final Window window;

	private final int keys;

	private final long messages;

	private final boolean paced;

	private final CounterCheck check;

	private final AtomicLong firstResultAt;

	private final CountDownLatch done;

	private final boolean traceContext;

	private final ReduceRequest @Nullable [] cachedAppends;

	/** Per key set, when the datums that should make a full result were sent (paced). */
	private final @Nullable List<ConcurrentLinkedQueue<Long>> triggers;

	private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

	private @Nullable ClientCallStreamObserver<ReduceRequest> requests;

	private long sent;

	private volatile long completedAt;

	private volatile @Nullable String error;

	StreamDriver(Window window, int keys, long messages, boolean paced, AtomicLong firstResultAt, CountDownLatch done,
			boolean traceContext) {
		this.traceContext = traceContext;
		this.window = window;
		this.keys = keys;
		this.messages = messages;
		this.paced = paced;
		this.check = new CounterCheck(window, keys, messages);
		this.firstResultAt = firstResultAt;
		this.done = done;
		this.cachedAppends = (keys <= CACHED_KEY_SETS) ? new ReduceRequest[keys] : null;
		this.triggers = paced ? Stream.generate(ConcurrentLinkedQueue<Long>::new).limit(keys).toList() : null;
	}

	@Override
	public void beforeStart(ClientCallStreamObserver<ReduceRequest> requestStream) {
		this.requests = requestStream;
		if (!this.paced) {
			requestStream.setOnReadyHandler(this::pump);
		}
	}

	/** Unpaced: send while the transport is ready; half-close after the last datum. */
	private void pump() {
		ClientCallStreamObserver<ReduceRequest> stream = requests();
		while (this.sent < this.messages && stream.isReady()) {
			stream.onNext(request(this.sent++));
		}
		if (this.sent == this.messages) {
			this.sent++;
			stream.onCompleted();
		}
	}

	/**
	 * Paced: send datum {@code index}; the pacer calls this in order, then
	 * {@link #halfClose()}.
	 */
	void send(long index) {
		int key = (int) (index % this.keys);
		long ordinal = index / this.keys + 1;
		List<ConcurrentLinkedQueue<Long>> queues = this.triggers;
		if (queues != null && ordinal % (CounterCheck.THRESHOLD + 1) == 0) {
			queues.get(key).add(System.nanoTime());
		}
		requests().onNext(request(index));
	}

	void halfClose() {
		requests().onCompleted();
	}

	private ReduceRequest request(long index) {
		int key = (int) (index % this.keys);
		if (index == 0) {
			return build(key, ReduceRequest.WindowOperation.Event.OPEN);
		}
		ReduceRequest[] cache = this.cachedAppends;
		if (cache == null) {
			return build(key, ReduceRequest.WindowOperation.Event.APPEND);
		}
		ReduceRequest request = cache[key];
		if (request == null) {
			request = build(key, ReduceRequest.WindowOperation.Event.APPEND);
			cache[key] = request;
		}
		return request;
	}

	private ReduceRequest build(int key, ReduceRequest.WindowOperation.Event event) {
		Timestamp eventTime = this.window.getStart();
		ReduceRequest.Payload.Builder payload = ReduceRequest.Payload.newBuilder()
			.addKeys(CounterCheck.keyOf(key))
			.setValue(VALUE)
			.setEventTime(eventTime)
			.setWatermark(eventTime);
		if (this.traceContext) {
			payload.setMetadata(TraceContexts.sampled(eventTime.getSeconds(), key));
		}
		return ReduceRequest.newBuilder()
			.setPayload(payload)
			.setOperation(ReduceRequest.WindowOperation.newBuilder().setEvent(event).addWindows(this.window))
			.build();
	}

	@Override
	public void onNext(ReduceResponse response) {
		long now = System.nanoTime();
		if (!response.getEOF()) {
			this.firstResultAt.compareAndSet(0, now);
		}
		int fullKey = this.check.onResponse(response);
		List<ConcurrentLinkedQueue<Long>> queues = this.triggers;
		if (fullKey >= 0 && queues != null) {
			Long sentAt = queues.get(fullKey).poll();
			if (sentAt != null) {
				this.latencies.add(now - sentAt);
			}
		}
	}

	@Override
	public void onError(Throwable throwable) {
		this.error = String.valueOf(throwable);
		this.completedAt = System.nanoTime();
		this.done.countDown();
	}

	@Override
	public void onCompleted() {
		this.check.onCompleted();
		this.completedAt = System.nanoTime();
		this.done.countDown();
	}

	private ClientCallStreamObserver<ReduceRequest> requests() {
		ClientCallStreamObserver<ReduceRequest> stream = this.requests;
		if (stream == null) {
			throw new IllegalStateException("The stream has not started");
		}
		return stream;
	}

	/** After {@code done}: the first problem, error or verification failure. */
	@Nullable String problem() {
		String failure = this.error;
		return (failure != null) ? failure : this.check.problem();
	}

	Window window() {
		return this.window;
	}

	long completedAt() {
		return this.completedAt;
	}

	long results() {
		return this.check.results();
	}

	ConcurrentLinkedQueue<Long> latencies() {
		return this.latencies;
	}

}
