package dev.numaflow.reducestream.transport;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueDomainSocketChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;

import dev.numaflow.reducestream.transport.Transport.Availability;

/**
 * Netty's native kqueue transport (macOS); loaded only once its classes are known to be
 * present.
 */
final class KQueueTransport implements UnixSocketTransport {

	static Availability availability() {
		if (KQueue.isAvailable()) {
			return new Availability(Transport.KQUEUE, true, "Netty's native kqueue");
		}
		return new Availability(Transport.KQUEUE, false, Probes.reason(KQueue.unavailabilityCause(),
				"macOS or BSD and netty-transport-native-kqueue for this CPU"));
	}

	@Override
	public Transport transport() {
		return Transport.KQUEUE;
	}

	@Override
	public EventLoopGroup eventLoopGroup(int threads, ThreadFactory threadFactory) {
		return new MultiThreadIoEventLoopGroup(threads, threadFactory, KQueueIoHandler.newFactory());
	}

	@Override
	public Class<? extends ServerChannel> serverChannelType() {
		return KQueueServerDomainSocketChannel.class;
	}

	@Override
	public Class<? extends Channel> channelType() {
		return KQueueDomainSocketChannel.class;
	}

	@Override
	public SocketAddress address(Path socket) {
		return new DomainSocketAddress(socket.toString());
	}

	/** macOS and the BSDs have a {@code sun_path} of 104 bytes. */
	@Override
	public int maxPathBytes() {
		return 103;
	}

	@Override
	public String toString() {
		return transport().id();
	}

}
