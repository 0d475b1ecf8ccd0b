package dev.numaflow.reducestream.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Unix domain socket files seen from outside the server, through the JDK alone (no
 * Netty), so that tests do not trust the code they test.
 */
final class UnixSockets {

	private static final int S_IFMT = 0170000;

	private static final int S_IFSOCK = 0140000;

	private UnixSockets() {
	}

	/**
	 * Leave a socket file behind as a crashed process would: bound, then closed without
	 * being unlinked.
	 */
	static void createStale(Path path) throws IOException {
		try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.bind(UnixDomainSocketAddress.of(path));
		}
	}

	/** Whether a socket file (not a link to one) is at the path. */
	static boolean isSocket(Path path) throws IOException {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return false;
		}
		int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
		return (mode & S_IFMT) == S_IFSOCK;
	}

	/** Whether something listens on the socket at the path. */
	static boolean acceptsConnections(Path path) {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			return channel.connect(UnixDomainSocketAddress.of(path));
		}
		catch (IOException ex) {
			return false;
		}
	}

}
