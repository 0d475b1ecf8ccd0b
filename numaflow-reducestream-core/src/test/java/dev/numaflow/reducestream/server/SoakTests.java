package dev.numaflow.reducestream.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A bounded soak: many short streams, a quarter of them cancelled half-way and some cut
 * off with their connection, for a fixed time (20 s by default;
 * {@code -Dreducestream.soak.seconds=N} for longer). Threads, heap after a full GC and
 * open file descriptors must come back to where they were after the warm-up, and every
 * key set must be released.
 */
class SoakTests {

	private static final Logger logger = LoggerFactory.getLogger(SoakTests.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Window WINDOW = ReduceClient.window(0, 60_000);

	@TempDir
	Path directory;

	@Test
	void manyShortAndCancelledStreamsLeakNoThreadsHeapOrFileDescriptors() throws Exception {
		long seconds = Long.getLong("reducestream.soak.seconds", 20);
		FuzzStreamer.Factory factory = new FuzzStreamer.Factory();
		ReduceStreamServer server = TestServers.start(TestServers.settings(this.directory, 4, 64, 64), factory);
		Random random = new Random(7);
		try {
			// Warm-up: every handler and transport thread started, classes loaded.
			runFor(server, random, Duration.ofSeconds(3));
			await().atMost(TIMEOUT).until(() -> server.getActiveStreams() == 0);
			Usage before = Usage.measure();
			long streams = runFor(server, random, Duration.ofSeconds(seconds));
			await().atMost(TIMEOUT).until(() -> server.getActiveStreams() == 0);
			await().atMost(TIMEOUT).until(() -> factory.released.get() == factory.created.get());
			Usage after = Usage.measure();
			logger.info("Soak: {} streams in {} s; threads {} -> {}, file descriptors {} -> {}, heap after GC {} -> {}",
					streams, seconds, before.threads(), after.threads(), before.fileDescriptors(),
					after.fileDescriptors(), before.heapBytes(), after.heapBytes());
			assertThat(streams).isGreaterThan(100);
			assertThat(after.threads()).as("threads: %s before, %s after", before.threadNames(), after.threadNames())
				.isLessThanOrEqualTo(before.threads() + 2);
			assertThat(after.fileDescriptors()).as("file descriptors")
				.isLessThanOrEqualTo(before.fileDescriptors() + 8);
			assertThat(after.heapBytes()).as("heap after GC").isLessThan(before.heapBytes() + 24L * 1024 * 1024);
			assertThat(server.getState()).isEqualTo(ReduceStreamServer.State.RUNNING);
		}
		finally {
			server.stop();
		}
	}

	/** Run streams on fresh connections until the time is up; returns how many. */
	private static long runFor(ReduceStreamServer server, Random random, Duration duration) throws Exception {
		long deadline = System.nanoTime() + duration.toNanos();
		long streams = 0;
		while (System.nanoTime() < deadline) {
			ReduceClient client = ReduceClient.connect(server.getSocketPath());
			boolean abrupt = random.nextInt(8) == 0;
			List<ResponseRecorder> completed = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				streams++;
				ResponseRecorder recorder = new ResponseRecorder();
				AtomicReference<ClientCallStreamObserver<ReduceRequest>> call = new AtomicReference<>();
				client.async().reduceFn(recorder.capturing(call));
				ClientCallStreamObserver<ReduceRequest> requests = Objects.requireNonNull(call.get());
				for (int datum = 0; datum < 10; datum++) {
					requests.onNext(ReduceClient.append(WINDOW, List.of("k" + (datum % 3)), "v"));
				}
				if (random.nextInt(4) == 0) {
					requests.cancel("soak cancels", null);
				}
				else if (!abrupt || i < 10) {
					requests.onCompleted();
					completed.add(recorder);
				}
			}
			for (ResponseRecorder recorder : completed) {
				assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
				assertThat(recorder.resultValues()).containsExactlyInAnyOrder("4:4", "3:3", "3:3");
			}
			// Abrupt: the last streams are still open when the connection goes.
			client.close();
		}
		return streams;
	}

	record Usage(int threads, long fileDescriptors, long heapBytes, List<String> threadNames) {

		static Usage measure() throws IOException {
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			// Two collections: the first may only queue finalizable and cleaner work.
			System.gc();
			System.gc();
			long heap = memory.getHeapMemoryUsage().getUsed();
			long descriptors;
			try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
				descriptors = open.count();
			}
			// The gRPC client's shared executor keeps idle threads for a minute: they are
			// the test client's, not the server's.
			List<String> threads = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.map(Thread::getName)
				.filter((name) -> !name.startsWith("grpc-default-executor"))
				.sorted()
				.toList();
			return new Usage(threads.size(), descriptors, heap, threads);
		}

	}

}
