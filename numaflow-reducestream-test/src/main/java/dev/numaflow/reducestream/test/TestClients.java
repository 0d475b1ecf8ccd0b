package dev.numaflow.reducestream.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;

import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.autoconfigure.ReduceStreamProperties;
import dev.numaflow.reducestream.codec.PayloadCodec;
import dev.numaflow.reducestream.codec.PayloadCodecs;
import dev.numaflow.reducestream.server.ManualTimerClock;
import dev.numaflow.reducestream.server.ReduceStreamListener;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.server.ReduceStreamServerSettings;
import dev.numaflow.reducestream.server.ReduceStreamServices;

/**
 * The clients of a test context, made on first use and closed with the context: an
 * in-process server and channel around the application's streamer factory, or a client on
 * the real server's socket.
 */
final class TestClients implements DisposableBean {

	private final ObjectProvider<ReduceStreamerFactory> factory;

	private final ObjectProvider<ReduceStreamProperties> properties;

	private final ObjectProvider<ReduceStreamServer> server;

	private final PayloadCodec codec;

	private @Nullable ReduceStreamClient inProcess;

	private @Nullable Server inProcessServer;

	private @Nullable ManagedChannel inProcessChannel;

	private @Nullable ExecutorService handlers;

	private @Nullable ReduceStreamClient socket;

	private final ManualTimerClock timerClock;

	TestClients(ObjectProvider<ReduceStreamerFactory> factory, ObjectProvider<ReduceStreamProperties> properties,
			ObjectProvider<ReduceStreamServer> server, ManualTimerClock timerClock,
			ObjectProvider<PayloadCodec> codec) {
		this.timerClock = timerClock;
		this.factory = factory;
		this.properties = properties;
		this.server = server;
		this.codec = codec.getIfAvailable(PayloadCodecs::defaultCodec);
	}

	/** The application's codec, as the server uses it: for typed datums and results. */
	PayloadCodec codec() {
		return this.codec;
	}

	synchronized ReduceStreamClient client(Transport transport) {
		return (transport == Transport.IN_PROCESS) ? inProcess() : socket();
	}

	private ReduceStreamClient socket() {
		ReduceStreamClient client = this.socket;
		if (client == null) {
			ReduceStreamServer server = this.server.getIfAvailable();
			if (server == null || !server.isRunning()) {
				throw new IllegalStateException("Transport.UNIX_SOCKET needs the reduce stream server running in the"
						+ " test's application context (is numaflow.reducestream.enabled false?)");
			}
			ReduceStreamProperties properties = this.properties.getIfAvailable();
			client = ReduceStreamClient.connect(server.getSocketPath(), (properties != null) ? properties.getTransport()
					: dev.numaflow.reducestream.transport.Transport.AUTO);
			this.socket = client;
		}
		return client;
	}

	private ReduceStreamClient inProcess() {
		ReduceStreamClient client = this.inProcess;
		if (client == null) {
			ReduceStreamerFactory factory = this.factory.getIfAvailable();
			ReduceStreamProperties properties = this.properties.getIfAvailable();
			if (factory == null || properties == null) {
				throw new IllegalStateException("Transport.IN_PROCESS needs the reduce stream auto-configuration in the"
						+ " test's application context (is numaflow.reducestream.enabled false?)");
			}
			ReduceStreamServerSettings settings = settings(properties);
			ThreadPoolExecutor handlers = new ThreadPoolExecutor(settings.handlerThreads(), settings.handlerThreads(),
					60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads());
			handlers.allowCoreThreadTimeOut(true);
			this.handlers = handlers;
			String name = "reducestream-test-" + UUID.randomUUID();
			try {
				this.inProcessServer = InProcessServerBuilder.forName(name)
					.directExecutor()
					.maxInboundMessageSize(settings.maxMessageSize())
					.addService(ReduceStreamServices.create(settings, factory, this.codec, ReduceStreamListener.NONE,
							handlers, this.timerClock))
					.build()
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start the in-process reduce stream server", ex);
			}
			ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
			this.inProcessChannel = channel;
			client = new ReduceStreamClient(channel);
			this.inProcess = client;
		}
		return client;
	}

	private static ReduceStreamServerSettings settings(ReduceStreamProperties properties) {
		Integer maxThreads = properties.getMaxThreads();
		int threads = (maxThreads != null) ? maxThreads : Math.max(4, Runtime.getRuntime().availableProcessors());
		long maxMessageSize = Math.min(Integer.MAX_VALUE, properties.getMaxMessageSize().toBytes());
		return new ReduceStreamServerSettings(Path.of(properties.getSocketPath()),
				Path.of(properties.getServerInfoPath()), (int) maxMessageSize, threads, 1,
				properties.getMaxPendingDatums(), properties.getMaxPendingResults(),
				properties.getShutdown().getGracePeriod(), "unknown-container")
			.withTransportBuffer(
					(int) Math.min(Integer.MAX_VALUE, Math.max(1, properties.getTransportBuffer().toBytes())));
	}

	private static java.util.concurrent.ThreadFactory threads() {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, "reducestream-test-handler-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	@Override
	public synchronized void destroy() {
		ReduceStreamClient socketClient = this.socket;
		if (socketClient != null) {
			socketClient.close();
		}
		ManagedChannel channel = this.inProcessChannel;
		if (channel != null) {
			channel.shutdownNow();
		}
		Server server = this.inProcessServer;
		if (server != null) {
			server.shutdownNow();
		}
		ExecutorService pool = this.handlers;
		if (pool != null) {
			pool.shutdownNow();
		}
	}

}
