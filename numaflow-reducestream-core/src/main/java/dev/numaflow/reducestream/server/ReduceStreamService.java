package dev.numaflow.reducestream.server;

import com.google.protobuf.Empty;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import dev.numaflow.reducestream.proto.reduce.v1.ReadyResponse;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;

/**
 * The {@code reduce.v1.Reduce} service. Deliberately not a Spring bean, so that an
 * application's own gRPC server never exposes it.
 */
final class ReduceStreamService extends ReduceGrpc.ReduceImplBase {

	private static final ReadyResponse READY = ReadyResponse.newBuilder().setReady(true).build();

	private final StreamContext context;

	ReduceStreamService(StreamContext context) {
		this.context = context;
	}

	@Override
	public StreamObserver<ReduceRequest> reduceFn(StreamObserver<ReduceResponse> responseObserver) {
		WindowStream stream = new WindowStream(this.context,
				(ServerCallStreamObserver<ReduceResponse>) responseObserver);
		stream.start();
		// Counted once it has started: a stream whose start threw never ends through us.
		this.context.streamStarted();
		return stream;
	}

	@Override
	public void isReady(Empty request, StreamObserver<ReadyResponse> responseObserver) {
		responseObserver.onNext(READY);
		responseObserver.onCompleted();
	}

}
