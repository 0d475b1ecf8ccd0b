package dev.numaflow.reducestream.benchmark;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.proto.reduce.v1.ReadyResponse;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * The counter, written straight on the generated service: per stream a {@link HashMap} of
 * counters by key set, a result {@code counter:<count>} whenever a count exceeds the
 * threshold (then reset), {@code counter:<count>} for every key set at the half-close,
 * then one EOF response carrying the request's window, then OK. A stream with no request
 * completes without an EOF, as the starter's does. Everything runs on the transport
 * thread that delivers the requests.
 */
final class ReferenceCounterService extends ReduceGrpc.ReduceImplBase {

	private static final ReadyResponse READY = ReadyResponse.newBuilder().setReady(true).build();

	@Override
	public StreamObserver<ReduceRequest> reduceFn(StreamObserver<ReduceResponse> responses) {
		return new CounterStream(responses);
	}

	@Override
	public void isReady(Empty request, StreamObserver<ReadyResponse> responseObserver) {
		responseObserver.onNext(READY);
		responseObserver.onCompleted();
	}

	private static final class CounterStream implements StreamObserver<ReduceRequest> {

		private final StreamObserver<ReduceResponse> responses;

		private final Map<List<String>, Counter> counters = new HashMap<>();

		private @Nullable Window window;

		CounterStream(StreamObserver<ReduceResponse> responses) {
			this.responses = responses;
		}

		@Override
		public void onNext(ReduceRequest request) {
			Window requestWindow = request.getOperation().getWindows(0);
			if (this.window == null) {
				this.window = requestWindow;
			}
			List<String> keys = request.getPayload().getKeysList();
			Counter counter = this.counters.get(keys);
			if (counter == null) {
				counter = new Counter(keys, requestWindow);
				this.counters.put(keys, counter);
			}
			if (++counter.count > CounterCheck.THRESHOLD) {
				this.responses.onNext(counter.result());
				counter.count = 0;
			}
		}

		@Override
		public void onError(Throwable error) {
			this.counters.clear();
		}

		@Override
		public void onCompleted() {
			for (Counter counter : this.counters.values()) {
				this.responses.onNext(counter.result());
			}
			this.counters.clear();
			Window eofWindow = this.window;
			if (eofWindow != null) {
				this.responses.onNext(ReduceResponse.newBuilder().setWindow(eofWindow).setEOF(true).build());
			}
			this.responses.onCompleted();
		}

	}

	private static final class Counter {

		private final List<String> keys;

		private final Window window;

		private int count;

		Counter(List<String> keys, Window window) {
			this.keys = keys;
			this.window = window;
		}

		ReduceResponse result() {
			return ReduceResponse.newBuilder()
				.setResult(ReduceResponse.Result.newBuilder()
					.addAllKeys(this.keys)
					.setValue(ByteString.copyFromUtf8("counter:" + this.count)))
				.setWindow(this.window)
				.build();
		}

	}

}
