package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.util.List;

import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.numaflow.reducestream.client.ReduceStreamChannel;
import dev.numaflow.reducestream.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The server and the socket client on each transport: the one this run is on, every
 * pairing of epoll and NIO across the socket, and a clear failure for one that is not
 * available.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerTransportTests {

	@TempDir
	Path directory;

	private final LifecycleFixtures fixtures = new LifecycleFixtures();

	@AfterEach
	void stopServers() {
		this.fixtures.close();
	}

	/** This run's transport, with {@code AUTO} resolved as it is here. */
	private static Transport expectedTransport() {
		return TestServers.transport().resolve().transport();
	}

	@Test
	void theServerRunsOnThisRunsTransportAndItsStartLineNamesIt(CapturedOutput output) {
		ReduceStreamServer server = this.fixtures.server(TestServers.settings(this.directory));
		assertThat(server.getTransport()).isNull();
		server.start();
		assertThat(server.getTransport()).isEqualTo(expectedTransport());
		assertThat(output)
			.contains("listening on " + server.getSocketPath() + " (" + expectedTransport().id() + " transport)");
		server.stop();
		assertThat(server.getTransport()).isNull();
	}

	@ParameterizedTest(name = "server {0}, client {1}")
	@CsvSource({ "EPOLL, NIO", "NIO, EPOLL", "NIO, NIO", "EPOLL, EPOLL" })
	@EnabledOnOs(OS.LINUX)
	void anyClientTransportReachesAnyServerTransport(Transport serverSide, Transport clientSide) throws Exception {
		ReduceStreamServer server = this.fixtures
			.server(TestServers.settings(this.directory).withTransport(serverSide));
		server.start();
		assertThat(server.getTransport()).isEqualTo(serverSide);
		try (ReduceStreamChannel channel = ReduceStreamChannel.builder(server.getSocketPath())
			.transport(clientSide)
			.connect()) {
			assertThat(channel.transport()).isEqualTo(clientSide);
			ResponseRecorder recorder = new ResponseRecorder();
			var requests = channel.async().reduceFn(recorder);
			for (int i = 0; i < 25; i++) {
				requests.onNext((i == 0) ? ReduceClient.open(LifecycleFixtures.WINDOW, List.of("a"), "1")
						: ReduceClient.append(LifecycleFixtures.WINDOW, List.of("a"), "1"));
			}
			requests.onCompleted();
			assertThat(recorder.awaitEnd(LifecycleFixtures.TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			assertThat(recorder.resultValues()).containsExactly("counter:21", "counter:4");
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void anUnavailableTransportFailsStartNamingItAndWhatIsAvailableAndLeavesNothingBehind() {
		ReduceStreamServerSettings settings = TestServers.settings(this.directory).withTransport(Transport.KQUEUE);
		ReduceStreamServer server = this.fixtures.server(settings);
		assertThatExceptionOfType(ReduceStreamServerException.class).isThrownBy(server::start)
			.withMessageContaining("transport 'kqueue' is not available here")
			.withMessageContaining("Available: epoll, nio")
			.withMessageContaining("numaflow.reducestream.transport");
		assertThat(server.isRunning()).isFalse();
		assertThat(settings.socketPath()).doesNotExist();
		assertThat(settings.serverInfoPath()).doesNotExist();
	}

	@Test
	void anUnavailableClientTransportFailsToConnectNamingIt() {
		Transport missing = Transport.availabilities()
			.stream()
			.filter((availability) -> !availability.available())
			.map(Transport.Availability::transport)
			.findFirst()
			.orElseThrow();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(
					() -> ReduceStreamChannel.builder(this.directory.resolve("rs.sock")).transport(missing).connect())
			.withMessageContaining("'" + missing.id() + "' is not available here");
	}

}
