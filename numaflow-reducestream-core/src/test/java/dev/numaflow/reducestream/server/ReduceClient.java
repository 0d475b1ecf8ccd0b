package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest.WindowOperation.Event;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * A real gRPC client of the reduce service over a Unix domain socket, shaped like the
 * platform's: one stream per window, OPEN first and APPEND after, half-close to close the
 * window.
 */
public final class ReduceClient implements AutoCloseable {

	private final EventLoopGroup eventLoop;

	private final ManagedChannel channel;

	private ReduceClient(EventLoopGroup eventLoop, ManagedChannel channel) {
		this.eventLoop = eventLoop;
		this.channel = channel;
	}

	public static ReduceClient connect(Path socket) {
		EventLoopGroup eventLoop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
		ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
			.eventLoopGroup(eventLoop)
			.channelType(EpollDomainSocketChannel.class)
			// A Unix domain socket has no SO_KEEPALIVE, which gRPC sets: null removes it.
			.withOption(ChannelOption.SO_KEEPALIVE, null)
			.usePlaintext()
			.maxInboundMessageSize(64 * 1024 * 1024)
			.build();
		return new ReduceClient(eventLoop, channel);
	}

	public ManagedChannel channel() {
		return this.channel;
	}

	public ReduceGrpc.ReduceStub async() {
		return ReduceGrpc.newStub(this.channel);
	}

	public ReduceGrpc.ReduceBlockingStub blocking() {
		return ReduceGrpc.newBlockingStub(this.channel);
	}

	/** A window of whole milliseconds, with the Rust platform's slot. */
	public static Window window(long startMillis, long endMillis) {
		return Window.newBuilder().setStart(timestamp(startMillis)).setEnd(timestamp(endMillis)).setSlot("0").build();
	}

	public static Timestamp timestamp(long millis) {
		return Timestamp.newBuilder()
			.setSeconds(Math.floorDiv(millis, 1000))
			.setNanos(Math.toIntExact(Math.floorMod(millis, 1000L) * 1_000_000L))
			.build();
	}

	public static ReduceRequest request(Event event, Window window, List<String> keys, String value) {
		return ReduceRequest.newBuilder()
			.setPayload(ReduceRequest.Payload.newBuilder()
				.addAllKeys(keys)
				.setValue(ByteString.copyFromUtf8(value))
				.setEventTime(window.getStart())
				.setWatermark(window.getStart()))
			.setOperation(ReduceRequest.WindowOperation.newBuilder().setEvent(event).addWindows(window))
			.build();
	}

	public static ReduceRequest open(Window window, List<String> keys, String value) {
		return request(Event.OPEN, window, keys, value);
	}

	public static ReduceRequest append(Window window, List<String> keys, String value) {
		return request(Event.APPEND, window, keys, value);
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

}
