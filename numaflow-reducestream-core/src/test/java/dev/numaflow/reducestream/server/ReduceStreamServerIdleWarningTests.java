package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

	/**
	 * With Awaitility's {@code during}: no warning until half a second after the warning
	 * would have been due.
	 */
	private void assertNoWarningUntilAfter(long dueNanos, CapturedOutput output) {
		Duration period = Duration.ofNanos(Math.max(0, dueNanos - System.nanoTime())).plusMillis(500);
		await().during(period).atMost(period.plus(TIMEOUT)).until(() -> warnings(output).isEmpty());
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
		Duration idleWarning = Duration.ofSeconds(2);
		long due = System.nanoTime() + idleWarning.toNanos();
		ReduceStreamServer server = server(idleWarning);
		server.start();
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
		assertNoWarningUntilAfter(due, output);
	}

	@Test
	void doesNotWarnAfterTheServerStopsBeforeTheDelay(CapturedOutput output) {
		Duration idleWarning = Duration.ofSeconds(2);
		long due = System.nanoTime() + idleWarning.toNanos();
		ReduceStreamServer server = server(idleWarning);
		server.start();
		server.stop();
		assertThat(due - System.nanoTime())
			.as("the server must stop before the idle warning is due for this test to mean anything")
			.isPositive();
		assertNoWarningUntilAfter(due, output);
	}

	@Test
	void zeroDisablesTheWarning(CapturedOutput output) {
		server(Duration.ZERO).start();
		assertNoWarningUntilAfter(System.nanoTime(), output);
	}

}
