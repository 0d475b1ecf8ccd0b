package dev.numaflow.reducestream.server;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
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
	void socketPathOfExactly107BytesIsAcceptedAndTheServerListensOnIt() throws Exception {
		String prefix = this.directory + "/";
		Path socket = Path.of(prefix + "s".repeat(107 - prefix.length()));
		assertThat(socket.toString().getBytes(StandardCharsets.UTF_8)).hasSize(107);
		ReduceStreamServer server = this.fixtures
			.server(LifecycleFixtures.settings(socket, this.directory.resolve("server-info"), GRACE));
		server.start();
		assertThat(LifecycleFixtures.isReady(socket)).isTrue();
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
