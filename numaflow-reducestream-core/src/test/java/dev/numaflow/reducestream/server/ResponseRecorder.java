package dev.numaflow.reducestream.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;

/**
 * Records what a reduce stream answers, and how it ends.
 */
public final class ResponseRecorder implements StreamObserver<ReduceResponse> {

	private final List<ReduceResponse> responses = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Status> end = new CompletableFuture<>();

	private final CompletableFuture<Throwable> error = new CompletableFuture<>();

	/**
	 * An observer for {@code reduceFn} that records here and hands out the call's request
	 * side, for tests that cancel the call or drive its flow control.
	 * @param call set to the call's request side when the call starts
	 * @return the observer to pass to {@code reduceFn}
	 */
	public ClientResponseObserver<ReduceRequest, ReduceResponse> capturing(
			AtomicReference<ClientCallStreamObserver<ReduceRequest>> call) {
		ResponseRecorder recorder = this;
		return new ClientResponseObserver<>() {

			@Override
			public void beforeStart(ClientCallStreamObserver<ReduceRequest> requestStream) {
				call.set(requestStream);
			}

			@Override
			public void onNext(ReduceResponse value) {
				recorder.onNext(value);
			}

			@Override
			public void onError(Throwable t) {
				recorder.onError(t);
			}

			@Override
			public void onCompleted() {
				recorder.onCompleted();
			}

		};
	}

	@Override
	public void onNext(ReduceResponse value) {
		this.responses.add(value);
	}

	@Override
	public void onError(Throwable t) {
		this.error.complete(t);
		this.end.complete(Status.fromThrowable(t));
	}

	@Override
	public void onCompleted() {
		this.end.complete(Status.OK);
	}

	public List<ReduceResponse> responses() {
		return List.copyOf(this.responses);
	}

	/** The results, without the EOF response. */
	public List<ReduceResponse> results() {
		return this.responses.stream().filter((response) -> !response.getEOF()).toList();
	}

	public List<String> resultValues() {
		return results().stream().map((response) -> response.getResult().getValue().toStringUtf8()).toList();
	}

	public boolean isDone() {
		return this.end.isDone();
	}

	/** Wait for the stream to end, and return its status. */
	public Status awaitEnd(Duration timeout) throws Exception {
		return this.end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The error the stream ended with, as the client received it (with its trailers). */
	public Throwable errorCause() {
		return this.error.join();
	}

}
