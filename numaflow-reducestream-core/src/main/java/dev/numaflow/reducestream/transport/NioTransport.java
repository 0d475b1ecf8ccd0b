package dev.numaflow.reducestream.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.Locale;
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

	/**
	 * The JDK keeps one byte of {@code sun_path} more than the native transports do: on
	 * Linux (JDK 17 and 25) it refuses a 107-byte path that epoll binds ("Unix domain
	 * path too long").
	 */
	@Override
	public int maxPathBytes() {
		return sunPathBytes() - 2;
	}

	private static int sunPathBytes() {
		String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		return (os.contains("mac") || os.contains("bsd")) ? 104 : 108;
	}

	@Override
	public String toString() {
		return transport().id();
	}

}
