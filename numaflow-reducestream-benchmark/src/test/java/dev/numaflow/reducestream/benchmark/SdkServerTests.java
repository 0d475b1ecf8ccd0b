package dev.numaflow.reducestream.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The counter on the official numaflow-java SDK (the
 * {@code numaflow-reducestream-benchmark-sdk} jar, built before this module) as a real
 * process on a real Unix domain socket, driven by the load generator with the unchanged
 * {@link CounterCheck}: the third server of {@code run.sh --with-sdk} works, and needs
 * exactly the {@link LegacyWindowHeaders}.
 */
class SdkServerTests {

	@TempDir
	static Path directory;

	private static ServerProcess server;

	@BeforeAll
	static void start() throws IOException {
		String jar = System.getProperty("benchmark.sdk.jar", "");
		assertThat(Path.of(jar)).as("the SDK counter's jar (build the module numaflow-reducestream-benchmark-sdk)")
			.isRegularFile();
		Servers servers = new Servers(directory, directory.resolve("no-counter.jar"), "", "", Path.of(jar));
		server = servers.startSdk("", Duration.ofSeconds(90));
		assertThat(servers.sdkVersion()).isNotBlank();
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void everyResultOfSeveralStreamsIsVerifiedWithTheLegacyWindowHeaders() throws InterruptedException {
		try (LoadGenerator client = new LoadGenerator(server.socket(), true, Transport.AUTO, false)) {
			RunResult run = client.run(Workload.throughput("sdk", 3, 7, 500), Duration.ofSeconds(30), server::isAlive);
			assertThat(run.problem()).isNull();
			assertThat(run.ok()).isTrue();
			// Per stream 7 key sets of 71 or 72 datums: 3 full results and 1 final each.
			assertThat(run.results()).isEqualTo(3 * 7 * 4);
		}
	}

	@Test
	void aPacedStreamMeasuresTheLatencyOfEveryFullResult() throws InterruptedException {
		try (LoadGenerator client = new LoadGenerator(server.socket(), true, Transport.AUTO, false)) {
			RunResult run = client.run(new Workload("paced", 1, 2, 210, 3_000), Duration.ofSeconds(30),
					server::isAlive);
			assertThat(run.problem()).isNull();
			assertThat(run.latencies().count()).isEqualTo(10);
		}
	}

	/**
	 * The finding: driven as the platform's Rust data plane drives a UDF (the window in
	 * every request, no window headers), the SDK fails every stream.
	 */
	@Test
	void withoutTheLegacyWindowHeadersEveryStreamFails() throws InterruptedException, IOException {
		try (LoadGenerator client = new LoadGenerator(server.socket(), false, Transport.AUTO, false)) {
			RunResult run = client.run(Workload.throughput("sdk", 2, 3, 100), Duration.ofSeconds(30), server::isAlive);
			assertThat(run.ok()).isFalse();
			assertThat(run.results()).isZero();
			assertThat(run.problem()).contains("UNKNOWN");
		}
		assertThat(server.isAlive()).isTrue();
		// The server's output, where the SDK's exception goes: its stderr may reach the
		// file after the client has seen the stream fail.
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(directory.resolve("sdk-1.log")).content().contains("NumberFormatException"));
	}

}
