package dev.numaflow.reducestream.transport;

import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;

import dev.numaflow.reducestream.transport.Transport.Availability;

/**
 * Netty's native epoll transport; loaded only once its classes are known to be present.
 */
final class EpollTransport implements UnixSocketTransport {

	static Availability availability() {
		if (Epoll.isAvailable()) {
			return new Availability(Transport.EPOLL, true, "Netty's native epoll");
		}
		return new Availability(Transport.EPOLL, false,
				Probes.reason(Epoll.unavailabilityCause(), "Linux and netty-transport-native-epoll for this CPU"));
	}

	@Override
	public Transport transport() {
		return Transport.EPOLL;
	}

	@Override
	public EventLoopGroup eventLoopGroup(int threads, ThreadFactory threadFactory) {
		return new MultiThreadIoEventLoopGroup(threads, threadFactory, EpollIoHandler.newFactory());
	}

	@Override
	public Class<? extends ServerChannel> serverChannelType() {
		return EpollServerDomainSocketChannel.class;
	}

	@Override
	public Class<? extends Channel> channelType() {
		return EpollDomainSocketChannel.class;
	}

	@Override
	public SocketAddress address(Path socket) {
		return new DomainSocketAddress(socket.toString());
	}

	@Override
	public String toString() {
		return transport().id();
	}

}
