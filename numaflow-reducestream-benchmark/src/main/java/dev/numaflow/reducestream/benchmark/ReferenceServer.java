package dev.numaflow.reducestream.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import dev.numaflow.reducestream.transport.Transport;
import dev.numaflow.reducestream.transport.UnixSocketTransport;

/**
 * The bare grpc-java reference: {@code NettyServerBuilder} on a Unix domain socket (epoll
 * unless {@code --transport} says otherwise), one event loop thread,
 * {@code directExecutor}, the counter of {@link ReferenceCounterService}, and no
 * framework. It writes a server-info file after binding, as the starter does, so that
 * both servers' start-up is timed the same way.
 * <p>
 * {@code java -cp ... ReferenceServer --socket-path=PATH --server-info-path=PATH
 * [--transport=auto|epoll|kqueue|nio]}
 */
public final class ReferenceServer {

	private static final int MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

	private static final String SERVER_INFO = "{\"protocol\":\"uds\",\"language\":\"java\","
			+ "\"minimum_numaflow_version\":\"1.4.0-z\",\"version\":\"0.11.0\",\"metadata\":{}}\\__END__";

	private ReferenceServer() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		Arguments arguments = Arguments.parse(args);
		Path socket = Path.of(arguments.required("socket-path"));
		Path serverInfo = Path.of(arguments.required("server-info-path"));
		UnixSocketTransport transport = Transport.parse(arguments.get("transport", "auto")).resolve();
		EventLoopGroup eventLoop = transport.eventLoopGroup(1, new DefaultThreadFactory("reference", false));
		Server server = start(socket, eventLoop, transport);
		writeAtomically(serverInfo, SERVER_INFO);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, eventLoop, socket, serverInfo)));
		server.awaitTermination();
	}

	/** Binds the socket (replacing a stale one) and starts serving on the event loop. */
	static Server start(Path socket, EventLoopGroup eventLoop, UnixSocketTransport transport) throws IOException {
		Files.deleteIfExists(socket);
		return NettyServerBuilder.forAddress(transport.address(socket))
			.channelType(transport.serverChannelType())
			.bossEventLoopGroup(eventLoop)
			.workerEventLoopGroup(eventLoop)
			.withChildOption(ChannelOption.SO_KEEPALIVE, null)
			.directExecutor()
			.maxInboundMessageSize(MAX_MESSAGE_SIZE)
			.addService(new ReferenceCounterService())
			.build()
			.start();
	}

	static void writeAtomically(Path file, String content) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		Path temp = Files.createTempFile(parent, ".server-info", ".tmp");
		Files.writeString(temp, content, StandardCharsets.UTF_8);
		Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	private static void stop(Server server, EventLoopGroup eventLoop, Path socket, Path serverInfo) {
		server.shutdown();
		try {
			if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
				server.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			server.shutdownNow();
		}
		eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
		try {
			Files.deleteIfExists(serverInfo);
			Files.deleteIfExists(socket);
		}
		catch (IOException ex) {
			// The process is exiting; the runner removes its work directory.
		}
	}

}
