package dev.numaflow.reducestream.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.transport.Transport;
import dev.numaflow.reducestream.transport.UnixSocketTransport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generator against the reference server over a real Unix domain socket: small
 * workloads, so that the test is quick.
 */
class LoadGeneratorTests {

	@TempDir
	Path directory;

	private EventLoopGroup eventLoop;

	private Server server;

	private LoadGenerator client;

	@BeforeEach
	void start() throws IOException {
		Path socket = this.directory.resolve("s.sock");
		UnixSocketTransport transport = Transport.AUTO.resolve();
		this.eventLoop = transport.eventLoopGroup(1, new DefaultThreadFactory("reference", true));
		this.server = ReferenceServer.start(socket, this.eventLoop, transport);
		this.client = new LoadGenerator(socket);
	}

	@Test
	void theReferenceAndTheClientOnNioCarryTheSameVerifiedWorkload() throws Exception {
		Path socket = this.directory.resolve("nio.sock");
		UnixSocketTransport nio = Transport.NIO.resolve();
		EventLoopGroup loop = nio.eventLoopGroup(1, new DefaultThreadFactory("reference-nio", true));
		Server reference = ReferenceServer.start(socket, loop, nio);
		try (LoadGenerator nioClient = new LoadGenerator(socket, false, Transport.NIO, false)) {
			RunResult run = nioClient.run(Workload.throughput("test", 2, 5, 300), Duration.ofSeconds(30), () -> true);
			assertThat(run.problem()).isNull();
			assertThat(run.ok()).isTrue();
		}
		finally {
			reference.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
		}
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.client.close();
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

	@Test
	void everyResultOfSeveralStreamsIsVerified() throws InterruptedException {
		Workload workload = Workload.throughput("test", 3, 7, 500);
		RunResult run = this.client.run(workload, Duration.ofSeconds(30), () -> true);
		assertThat(run.problem()).isNull();
		assertThat(run.ok()).isTrue();
		// Per stream 7 key sets of 71 or 72 datums: 3 full results and 1 final each.
		assertThat(run.results()).isEqualTo(3 * 7 * 4);
		assertThat(run.firstResultNanos()).isPositive().isLessThan(run.elapsedNanos());
	}

	@Test
	void aPacedStreamMeasuresTheLatencyOfEveryFullResult() throws InterruptedException {
		Workload workload = new Workload("paced", 1, 2, 210, 3_000);
		RunResult run = this.client.run(workload, Duration.ofSeconds(30), () -> true);
		assertThat(run.ok()).isTrue();
		// 105 datums per key set: 5 full results each.
		assertThat(run.latencies().count()).isEqualTo(10);
		assertThat(run.latencies().percentile(50)).isPositive();
	}

	@Test
	void aStreamWithoutDatumsCompletes() throws InterruptedException {
		RunResult run = this.client.run(Workload.throughput("empty", 1, 1, 0), Duration.ofSeconds(30), () -> true);
		assertThat(run.ok()).isTrue();
		assertThat(run.results()).isZero();
	}

}
