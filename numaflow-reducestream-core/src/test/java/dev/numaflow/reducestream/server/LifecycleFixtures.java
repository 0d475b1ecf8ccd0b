package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.serverinfo.ServerInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers and clients for lifecycle tests, stopped and closed after each test.
 */
final class LifecycleFixtures implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	static final Window WINDOW = ReduceClient.window(60_000, 120_000);

	private final List<ReduceStreamServer> servers = new ArrayList<>();

	private final List<ReduceClient> clients = new ArrayList<>();

	static ReduceStreamServerSettings settings(Path socket, Path serverInfo, Duration gracePeriod) {
		return new ReduceStreamServerSettings(socket, serverInfo, 64 * 1024 * 1024, 4, 1, 1024, 1024, gracePeriod,
				"udf");
	}

	static ReduceStreamServerSettings settings(Path directory, Duration gracePeriod) {
		return settings(directory.resolve("rs.sock"), directory.resolve("server-info"), gracePeriod);
	}

	/** A server of {@link CountingStreamer}s with a threshold of 20, not yet started. */
	ReduceStreamServer server(ReduceStreamServerSettings settings) {
		return server(settings, (metadata) -> new CountingStreamer(20));
	}

	ReduceStreamServer server(ReduceStreamServerSettings settings, ReduceStreamerFactory factory) {
		return server(settings, factory, ReduceStreamListener.NONE, null);
	}

	ReduceStreamServer server(ReduceStreamServerSettings settings, ReduceStreamerFactory factory,
			ReduceStreamListener listener, @Nullable Consumer<Throwable> fatalErrorHandler) {
		ReduceStreamServer server = new ReduceStreamServer(TestServers.onTestTransport(settings), factory,
				ServerInfo.forThisStarter(), listener, fatalErrorHandler);
		this.servers.add(server);
		return server;
	}

	ReduceClient client(Path socket) {
		ReduceClient client = ReduceClient.connect(socket);
		this.clients.add(client);
		return client;
	}

	/**
	 * Open a stream and send {@code count} datums of key {@code a}: OPEN, then APPENDs.
	 */
	static StreamObserver<ReduceRequest> openStream(ReduceClient client, ResponseRecorder recorder, int count) {
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int i = 0; i < count; i++) {
			requests.onNext((i == 0) ? ReduceClient.open(WINDOW, List.of("a"), "1")
					: ReduceClient.append(WINDOW, List.of("a"), "1"));
		}
		return requests;
	}

	/**
	 * A whole window of {@code count} datums on a fresh connection: its result values.
	 */
	static List<String> countToEnd(Path socket, int count) throws Exception {
		try (ReduceClient client = ReduceClient.connect(socket)) {
			ResponseRecorder recorder = new ResponseRecorder();
			openStream(client, recorder, count).onCompleted();
			assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			return recorder.resultValues();
		}
	}

	/** IsReady on a fresh connection, failing fast if nothing listens. */
	static boolean isReady(Path socket) {
		try (ReduceClient client = ReduceClient.connect(socket)) {
			return client.blocking()
				.withDeadlineAfter(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
				.isReady(Empty.getDefaultInstance())
				.getReady();
		}
	}

	/** Stop the server on another thread; the future completes with how long it took. */
	static CompletableFuture<Duration> stopInBackground(ReduceStreamServer server) {
		CompletableFuture<Duration> stopped = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			long start = System.nanoTime();
			try {
				server.stop();
				stopped.complete(Duration.ofNanos(System.nanoTime() - start));
			}
			catch (Throwable ex) {
				stopped.completeExceptionally(ex);
			}
		}, "test-stop");
		thread.start();
		return stopped;
	}

	@Override
	public void close() {
		this.clients.forEach(ReduceClient::close);
		this.servers.forEach(ReduceStreamServer::stop);
	}

}
