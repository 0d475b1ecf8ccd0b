package dev.numaflow.reducestream.test;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.test.fixture.KitTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit over the application's real Unix domain socket, with a property of the test.
 */
@ReduceStreamTest(classes = KitTestApplication.class, transport = Transport.UNIX_SOCKET, properties = "kit.threshold=3")
class UnixSocketKitTests extends KitScenarios {

	@Override
	Transport expectedTransport() {
		return Transport.UNIX_SOCKET;
	}

	@Test
	void listensInATemporaryDirectoryWithTheServerInfoFile(@Autowired ReduceStreamServer server) {
		assertThat(server.isRunning()).isTrue();
		assertThat(server.getSocketPath()).startsWith(Path.of(System.getProperty("java.io.tmpdir")));
		assertThat(server.getServerInfoPath()).exists();
	}

}
