package dev.numaflow.samples.counter;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest.WindowOperation.Event;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * A gRPC client of the counter over its Unix domain socket, shaped like the platform: one
 * stream per window, {@code OPEN} first and {@code APPEND} after, half-close to close the
 * window.
 */
final class ReduceClient implements AutoCloseable {

	private final EventLoopGroup eventLoop;

	private final ManagedChannel channel;

	private ReduceClient(EventLoopGroup eventLoop, ManagedChannel channel) {
		this.eventLoop = eventLoop;
		this.channel = channel;
	}

	static ReduceClient connect(Path socket) {
		EventLoopGroup eventLoop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
		ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
			.eventLoopGroup(eventLoop)
			.channelType(EpollDomainSocketChannel.class)
			// A Unix domain socket has no SO_KEEPALIVE, which gRPC sets: null removes it.
			.withOption(ChannelOption.SO_KEEPALIVE, null)
			.usePlaintext()
			.build();
		return new ReduceClient(eventLoop, channel);
	}

	/** A window of whole milliseconds, with the Rust platform's slot. */
	static Window window(long startMillis, long endMillis) {
		return Window.newBuilder().setStart(timestamp(startMillis)).setEnd(timestamp(endMillis)).setSlot("0").build();
	}

	private static Timestamp timestamp(long millis) {
		return Timestamp.newBuilder().setSeconds(millis / 1000).setNanos((int) (millis % 1000) * 1_000_000).build();
	}

	/** Open the stream of one window; no request is sent yet. */
	WindowStream open(Window window) {
		WindowStream stream = new WindowStream(window);
		stream.requests = ReduceGrpc.newStub(this.channel).reduceFn(stream);
		return stream;
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
		try {
			this.channel.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
	}

	/**
	 * One window's stream: sends datums ({@code OPEN} first, {@code APPEND} after) and
	 * records the responses and how the call ends.
	 */
	static final class WindowStream implements StreamObserver<ReduceResponse> {

		private final Window window;

		private final List<ReduceResponse> responses = new CopyOnWriteArrayList<>();

		private final CompletableFuture<Status> end = new CompletableFuture<>();

		private StreamObserver<ReduceRequest> requests;

		private boolean opened;

		private WindowStream(Window window) {
			this.window = window;
		}

		Window window() {
			return this.window;
		}

		/** Send one datum with the given key. */
		void send(String key) {
			Event event = this.opened ? Event.APPEND : Event.OPEN;
			this.opened = true;
			this.requests.onNext(ReduceRequest.newBuilder()
				.setPayload(ReduceRequest.Payload.newBuilder()
					.addKeys(key)
					.setValue(ByteString.copyFromUtf8("1"))
					.setEventTime(this.window.getStart())
					.setWatermark(this.window.getStart()))
				.setOperation(ReduceRequest.WindowOperation.newBuilder().setEvent(event).addWindows(this.window))
				.build());
		}

		/** Close the window, as the platform does once the watermark passes its end. */
		void halfClose() {
			this.requests.onCompleted();
		}

		List<ReduceResponse> responses() {
			return List.copyOf(this.responses);
		}

		CompletableFuture<Status> end() {
			return this.end;
		}

		@Override
		public void onNext(ReduceResponse response) {
			this.responses.add(response);
		}

		@Override
		public void onError(Throwable error) {
			this.end.complete(Status.fromThrowable(error));
		}

		@Override
		public void onCompleted() {
			this.end.complete(Status.OK);
		}

	}

}
