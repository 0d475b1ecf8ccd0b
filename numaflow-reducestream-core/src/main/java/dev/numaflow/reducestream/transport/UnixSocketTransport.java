package dev.numaflow.reducestream.transport;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;

/**
 * A resolved {@link Transport}: the event loops, channel types and socket address that go
 * together for it. Servers and clients take all three from here so they never mix
 * transports.
 */
public interface UnixSocketTransport {

	/**
	 * The concrete transport: never {@link Transport#AUTO}.
	 * @return the transport
	 */
	Transport transport();

	/**
	 * New event loops of this transport.
	 * @param threads the number of threads
	 * @param threadFactory makes them
	 * @return the event loop group; shut it down when done
	 */
	EventLoopGroup eventLoopGroup(int threads, ThreadFactory threadFactory);

	/**
	 * The listening channel's type.
	 * @return the server channel type
	 */
	Class<? extends ServerChannel> serverChannelType();

	/**
	 * The connecting channel's type.
	 * @return the client channel type
	 */
	Class<? extends Channel> channelType();

	/**
	 * The address of a socket path in the form this transport's channels take.
	 * @param socket the socket path
	 * @return the address
	 */
	SocketAddress address(Path socket);

	/**
	 * The longest socket path, in UTF-8 bytes, this transport can bind or connect to: one
	 * byte less than the OS's {@code sun_path} (108 bytes on Linux, 104 on macOS and the
	 * BSDs) for the native transports.
	 * @return the limit in bytes
	 */
	default int maxPathBytes() {
		return 107;
	}

	/**
	 * Refuse a socket path this transport cannot use, before anything is bound or
	 * connected, with a message that says what to change.
	 * @param socket the socket path
	 * @throws IllegalArgumentException if the path is longer than {@link #maxPathBytes()}
	 */
	default void checkPath(Path socket) {
		int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
		if (bytes > maxPathBytes()) {
			throw new IllegalArgumentException(
					"The socket path '" + socket + "' is " + bytes + " bytes, longer than the " + maxPathBytes()
							+ " bytes the " + transport().id() + " transport takes: shorten the socket path"
							+ ((transport() == Transport.NIO) ? " or use a native transport (epoll on Linux)" : ""));
		}
	}

}
