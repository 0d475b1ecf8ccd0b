package dev.numaflow.reducestream.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;

import dev.numaflow.reducestream.transport.Transport.Availability;

/**
 * Netty's NIO transport over the JDK's Unix domain socket channels (JDK 16+,
 * {@link UnixDomainSocketAddress}): no native library, so it runs wherever the OS has
 * {@code AF_UNIX}, Windows 10 and later included.
 */
final class NioTransport implements UnixSocketTransport {

	private static final Availability AVAILABILITY = probe();

	static Availability availability() {
		return AVAILABILITY;
	}

	/**
	 * Opening (without binding) a Unix domain server channel shows the OS supports it.
	 */
	private static Availability probe() {
		try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			return new Availability(Transport.NIO, channel.isOpen(), "the JDK's Unix domain socket channels");
		}
		catch (IOException | UnsupportedOperationException ex) {
			return new Availability(Transport.NIO, false,
					"the JDK cannot open a Unix domain socket on this OS: " + ex.getMessage());
		}
	}

	@Override
	public Transport transport() {
		return Transport.NIO;
	}

	@Override
	public EventLoopGroup eventLoopGroup(int threads, ThreadFactory threadFactory) {
		return new MultiThreadIoEventLoopGroup(threads, threadFactory, NioIoHandler.newFactory());
	}

	@Override
	public Class<? extends ServerChannel> serverChannelType() {
		return NioServerDomainSocketChannel.class;
	}

	@Override
	public Class<? extends Channel> channelType() {
		return NioDomainSocketChannel.class;
	}

	@Override
	public SocketAddress address(Path socket) {
		return UnixDomainSocketAddress.of(socket);
	}

	@Override
	public String toString() {
		return transport().id();
	}

}
