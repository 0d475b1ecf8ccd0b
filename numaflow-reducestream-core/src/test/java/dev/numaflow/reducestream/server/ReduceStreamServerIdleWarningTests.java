package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The warning logged when no stream arrives soon after start, which usually means the
 * vertex is not configured for reduce streaming.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReduceStreamServerIdleWarningTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String WARNING = "No reduce stream has arrived";

	private static final String DIAGNOSTICS = "reducestream-diagnostics";

	@TempDir
	Path directory;

	private final LifecycleFixtures fixtures = new LifecycleFixtures();

	/**
	 * One window through a throwaway server first, so that the tests that race the idle
	 * delay do not also pay for loading the server's and the client's classes.
	 */
	@BeforeAll
	static void warmUp(@TempDir Path directory) throws Exception {
		try (LifecycleFixtures warmUp = new LifecycleFixtures()) {
			ReduceStreamServer server = warmUp.server(TestServers.settings(directory));
			server.start();
			assertThat(LifecycleFixtures.countToEnd(server.getSocketPath(), 1)).containsExactly("counter:1");
		}
	}

	@AfterEach
	void close() {
		this.fixtures.close();
	}

	private ReduceStreamServer server(Duration idleWarning) {
		ReduceStreamServerSettings defaults = TestServers.settings(this.directory);
		return this.fixtures.server(new ReduceStreamServerSettings(defaults.socketPath(), defaults.serverInfoPath(),
				defaults.maxMessageSize(), defaults.handlerThreads(), defaults.eventLoopThreads(),
				defaults.maxPendingDatums(), defaults.maxPendingResults(), defaults.gracePeriod(),
				defaults.containerType(), (idleWarning != null) ? idleWarning : Duration.ZERO,
				defaults.socketPermissions(), defaults.socketGroup()));
	}

	/** The idle warnings about this test's server. */
	private List<String> warnings(CapturedOutput output) {
		String socket = this.directory.resolve("rs.sock").toString();
		return output.getAll().lines().filter((line) -> line.contains(WARNING) && line.contains(socket)).toList();
	}

	/** The idle-warning scheduler threads that a server's start created. */
	private static Set<Thread> diagnosticsThreadsOf(Runnable start) {
		Set<Thread> before = ThreadStates.named(DIAGNOSTICS);
		start.run();
		Set<Thread> created = new HashSet<>(ThreadStates.named(DIAGNOSTICS));
		created.removeAll(before);
		return created;
	}

	@Test
	void warnsOnceNamingStreamingTrueWhenNoStreamArrives(CapturedOutput output) {
		server(Duration.ofMillis(200)).start();
		await().atMost(TIMEOUT).until(() -> !warnings(output).isEmpty());
		assertThat(warnings(output)).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN").contains("streaming: true"));
	}

	@Test
	void doesNotWarnWhenAStreamArrivesBeforeTheDelay(CapturedOutput output) throws Exception {
		Duration idleWarning = Duration.ofSeconds(5);
		long due = System.nanoTime() + idleWarning.toNanos();
		ReduceStreamServer server = server(idleWarning);
		Thread scheduler = single(diagnosticsThreadsOf(server::start));
		ReduceClient client = this.fixtures.client(server.getSocketPath());
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(LifecycleFixtures.WINDOW, List.of("a"), "x"));
		await().atMost(TIMEOUT).until(() -> server.getActiveStreams() == 1);
		assertThat(due - System.nanoTime())
			.as("the stream must arrive before the idle warning is due for this test to mean anything")
			.isPositive();
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		// The one-shot check has run once its thread waits with nothing scheduled.
		await().atMost(idleWarning.plus(TIMEOUT)).until(() -> ThreadStates.idleWithNothingScheduled(scheduler));
		assertThat(warnings(output)).isEmpty();
	}

	@Test
	void doesNotWarnAfterTheServerStopsBeforeTheDelay(CapturedOutput output) throws InterruptedException {
		Duration idleWarning = Duration.ofSeconds(5);
		long due = System.nanoTime() + idleWarning.toNanos();
		ReduceStreamServer server = server(idleWarning);
		Thread scheduler = single(diagnosticsThreadsOf(server::start));
		server.stop();
		assertThat(due - System.nanoTime())
			.as("the server must stop before the idle warning is due for this test to mean anything")
			.isPositive();
		// Once the scheduler's thread has ended, the check can never run.
		scheduler.join(TIMEOUT.toMillis());
		assertThat(scheduler.isAlive()).isFalse();
		assertThat(warnings(output)).isEmpty();
	}

	@Test
	void zeroDisablesTheWarning(CapturedOutput output) {
		ReduceStreamServer server = server(Duration.ZERO);
		assertThat(diagnosticsThreadsOf(server::start)).as("nothing scheduled that could warn").isEmpty();
		assertThat(warnings(output)).isEmpty();
	}

	private static Thread single(Set<Thread> threads) {
		assertThat(threads).as("the server's idle-warning scheduler").hasSize(1);
		return threads.iterator().next();
	}

}
