package dev.numaflow.reducestream.server;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Empty;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.client.ReduceStreamChannel;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;
import dev.numaflow.reducestream.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;

class ReduceStreamServerSettingsTests {

	private static final Duration GRACE = Duration.ofSeconds(5);

	@TempDir
	Path directory;

	private final LifecycleFixtures fixtures = new LifecycleFixtures();

	@AfterEach
	void stopServers() {
		this.fixtures.close();
	}

	@Test
	void socketPathLongerThan107BytesIsRefusedWithAMessageNamingThePathAndTheLimit() {
		Path socket = Path.of("/tmp/" + "s".repeat(103));
		assertThat(socket.toString()).hasSize(108);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LifecycleFixtures.settings(socket, this.directory.resolve("server-info"), GRACE))
			.withMessageContaining(socket.toString())
			.withMessageContaining("107 bytes");
	}

	@Test
	void socketPathLengthIsCountedInUtf8Bytes() {
		assumeThat(Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"))).isEqualTo(StandardCharsets.UTF_8);
		Path socket = Path.of("/tmp/" + "é".repeat(52));
		assertThat(socket.toString()).hasSizeLessThan(107);
		assertThat(socket.toString().getBytes(StandardCharsets.UTF_8)).hasSize(109);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LifecycleFixtures.settings(socket, this.directory.resolve("server-info"), GRACE))
			.withMessageContaining("107 bytes");
	}

	@Test
	void socketPathOfExactly107BytesIsAcceptedAndEpollListensOnIt() {
		assumeThat(Transport.EPOLL.availability().available()).as("epoll is available").isTrue();
		assertListensOn(socketOf(107), Transport.EPOLL);
	}

	@Test
	void socketPathOf106BytesIsTheLongestNioListensOn() {
		assertListensOn(socketOf(106), Transport.NIO);
	}

	@Test
	void socketPathOf107BytesIsRefusedByNioBeforeAnythingIsBoundOrWritten() {
		Path socket = socketOf(107);
		Path serverInfo = this.directory.resolve("server-info");
		ReduceStreamServer server = this.fixtures
			.server(LifecycleFixtures.settings(socket, serverInfo, GRACE).withTransport(Transport.NIO));
		assertThatExceptionOfType(ReduceStreamServerException.class).isThrownBy(server::start)
			.withMessageContaining(socket.toString())
			.withMessageContaining("is 107 bytes, longer than the 106 bytes the nio transport takes")
			.withMessageContaining("use a native transport");
		assertThat(server.isRunning()).isFalse();
		assertThat(socket).doesNotExist();
		assertThat(serverInfo).doesNotExist();
	}

	@Test
	void everyPathProblemSeenBeforeTheBindIsReportedInOneFailure() {
		Path socket = this.directory.resolve("no-socket-dir").resolve("rs.sock");
		Path serverInfo = this.directory.resolve("no-info-dir").resolve("server-info");
		ReduceStreamServer server = this.fixtures.server(LifecycleFixtures.settings(socket, serverInfo, GRACE));
		assertThatExceptionOfType(ReduceStreamServerException.class).isThrownBy(server::start)
			.withMessageContaining("Cannot listen on the reduce stream socket " + socket + ": its directory "
					+ socket.getParent() + " does not exist.")
			.withMessageContaining(" Also: Cannot write the server-info file " + serverInfo + ": its directory "
					+ serverInfo.getParent() + " does not exist")
			.satisfies(
					(ex) -> assertThat(String.valueOf(ex.getMessage()).split("Cannot write the server-info file", -1))
						.hasSize(2));
		assertThat(socket.getParent()).doesNotExist();
		assertThat(serverInfo.getParent()).doesNotExist();
	}

	@Test
	void aServerInfoDirectoryThatDoesNotExistFailsTheStartBeforeTheSocketIsBound() {
		Path socket = this.directory.resolve("rs.sock");
		Path serverInfo = this.directory.resolve("no-info-dir").resolve("server-info");
		ReduceStreamServer server = this.fixtures.server(LifecycleFixtures.settings(socket, serverInfo, GRACE));
		assertThatExceptionOfType(ReduceStreamServerException.class).isThrownBy(server::start)
			.withMessageStartingWith("Cannot write the server-info file " + serverInfo + ": its directory");
		assertThat(socket).doesNotExist();
	}

	@Test
	void aClientRefusesASocketPathItsTransportCannotConnectTo() {
		Path socket = socketOf(107);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReduceStreamChannel.builder(socket).transport(Transport.NIO).connect())
			.withMessageContaining("is 107 bytes, longer than the 106 bytes the nio transport takes");
	}

	/** A socket path of exactly {@code bytes} UTF-8 bytes under the test's directory. */
	private Path socketOf(int bytes) {
		String prefix = this.directory + "/";
		Path socket = Path.of(prefix + "s".repeat(bytes - prefix.length()));
		assertThat(socket.toString().getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
		return socket;
	}

	private void assertListensOn(Path socket, Transport transport) {
		ReduceStreamServer server = this.fixtures
			.server(LifecycleFixtures.settings(socket, this.directory.resolve("server-info"), GRACE)
				.withTransport(transport));
		server.start();
		assertThat(isReady(socket, transport)).isTrue();
	}

	private static boolean isReady(Path socket, Transport transport) {
		try (ReduceStreamChannel channel = ReduceStreamChannel.builder(socket).transport(transport).connect()) {
			return ReduceGrpc.newBlockingStub(channel.channel())
				.withDeadlineAfter(30, TimeUnit.SECONDS)
				.isReady(Empty.getDefaultInstance())
				.getReady();
		}
	}

	@Test
	void streamersRunOnTheHandlerPoolUnlessTheSettingsSayOtherwiseAndEveryCopyKeepsTheChoice() {
		ReduceStreamServerSettings defaults = LifecycleFixtures.settings(this.directory.resolve("rs.sock"),
				this.directory.resolve("server-info"), GRACE);
		assertThat(defaults.streamerThreads()).isEqualTo(StreamerThreads.HANDLER_POOL);
		ReduceStreamServerSettings onTransport = defaults.withStreamerThreads(StreamerThreads.TRANSPORT);
		assertThat(onTransport.streamerThreads()).isEqualTo(StreamerThreads.TRANSPORT);
		assertThat(onTransport.withTransportBuffer(4096).withTransport(Transport.NIO).streamerThreads())
			.isEqualTo(StreamerThreads.TRANSPORT);
		assertThat(onTransport.withStreamerThreads(StreamerThreads.HANDLER_POOL)).isEqualTo(defaults);
		assertThat(StreamerThreads.HANDLER_POOL.id()).isEqualTo("handler-pool");
		assertThat(StreamerThreads.TRANSPORT.id()).isEqualTo("transport");
	}

}
