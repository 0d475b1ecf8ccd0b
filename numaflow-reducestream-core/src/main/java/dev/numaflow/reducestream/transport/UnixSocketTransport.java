package dev.numaflow.reducestream.transport;

import java.net.SocketAddress;
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

}
