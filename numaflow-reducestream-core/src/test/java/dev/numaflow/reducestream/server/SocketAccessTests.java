package dev.numaflow.reducestream.server;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.numaflow.reducestream.serverinfo.ServerInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Who may connect to the socket, and paths that point somewhere odd: a clear error at
 * start-up, and nothing deleted.
 */
class SocketAccessTests {

	@TempDir
	Path directory;

	private final LifecycleFixtures fixtures = new LifecycleFixtures();

	@AfterEach
	void stopServers() {
		this.fixtures.close();
	}

	private static String permissions(Path path) throws Exception {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
	}

	@Test
	void theSocketLetsOwnerAndGroupConnectByDefaultAndNobodyElse() throws Exception {
		ReduceStreamServer server = this.fixtures.server(TestServers.settings(this.directory));
		server.start();
		assertThat(permissions(server.getSocketPath())).isEqualTo("rw-rw----");
		assertThat(permissions(server.getServerInfoPath())).isEqualTo("rw-r--r--");
		assertThat(LifecycleFixtures.isReady(server.getSocketPath())).isTrue();
	}

	@Test
	void theSocketTakesTheConfiguredPermissionsAndGroup() throws Exception {
		Path probe = Files.createFile(this.directory.resolve("probe"));
		int gid = (Integer) Files.getAttribute(probe, "unix:gid");
		ReduceStreamServer server = this.fixtures.server(
				TestServers.withSocketAccess(TestServers.settings(this.directory), "rw-------", String.valueOf(gid)));
		server.start();
		assertThat(permissions(server.getSocketPath())).isEqualTo("rw-------");
		assertThat(Files.getAttribute(server.getSocketPath(), "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(gid);
		assertThat(LifecycleFixtures.isReady(server.getSocketPath())).isTrue();
	}

	@Test
	void anUnknownGroupFailsStartNamingItAndLeavesNoSocketOrServerInfo() {
		ReduceStreamServerSettings settings = TestServers.withSocketAccess(TestServers.settings(this.directory),
				"rw-rw----", "no-such-group-for-reducestream");
		ReduceStreamServer server = this.fixtures.server(settings);
		assertThatExceptionOfType(ReduceStreamServerException.class).isThrownBy(server::start)
			.withMessageContaining("no-such-group-for-reducestream")
			.withMessageContaining(settings.socketPath().toString());
		assertThat(Files.exists(settings.socketPath(), LinkOption.NOFOLLOW_LINKS)).isFalse();
		assertThat(settings.serverInfoPath()).doesNotExist();
	}

	@Test
	void malformedPermissionsAreRefusedNamingTheProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> ReduceStreamServerSettings.socketPermissions("0660"))
			.withMessageContaining("socket-permissions '0660'");
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "socket-path, rs.sock, is relative", "socket-path, /tmp/../etc/rs.sock, contains '.' or '..'",
			"socket-path, /proc/self/rs.sock, is under /proc", "socket-path, /dev/rs.sock, is under /dev",
			"server-info-path, ./server-info, is relative", "server-info-path, /sys/server-info, is under /sys",
			"server-info-path, /var/run/numaflow/./server-info, contains '.' or '..'" })
	void oddPathsAreRefusedNamingThePropertyAndThePath(String property, String path, String problem) {
		Path socket = property.equals("socket-path") ? Path.of(path) : this.directory.resolve("rs.sock");
		Path info = property.equals("server-info-path") ? Path.of(path) : this.directory.resolve("server-info");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReduceStreamServerSettings(socket, info, 1024, 1, 1, 1, 1, Duration.ZERO, "udf"))
			.withMessageContaining(property + " '" + path + "'")
			.withMessageContaining(problem);
	}

	@Test
	void aServerInfoPathOnAnUnrelatedFileFailsStartAndTheFileIsNeitherReplacedNorDeleted() throws Exception {
		Path unrelated = Files.writeString(this.directory.resolve("application.yml"), "keep: me\n");
		ReduceStreamServerSettings settings = LifecycleFixtures.settings(this.directory.resolve("rs.sock"), unrelated,
				Duration.ofSeconds(5));
		ReduceStreamServer server = this.fixtures.server(settings);
		assertThatExceptionOfType(ReduceStreamServerException.class).isThrownBy(server::start)
			.withMessageContaining(unrelated.toString())
			.withMessageContaining("not a server-info file");
		assertThat(unrelated).hasContent("keep: me\n");
		assertThat(Files.exists(settings.socketPath(), LinkOption.NOFOLLOW_LINKS)).isFalse();
		server.stop();
		assertThat(unrelated).hasContent("keep: me\n");
	}

	@Test
	void theSameFileForSocketAndServerInfoIsRefused() {
		Path both = this.directory.resolve("both");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReduceStreamServerSettings(both, both, 1024, 1, 1, 1, 1, Duration.ZERO, "udf"))
			.withMessageContaining("socket-path and server-info-path are both '" + both + "'");
	}

}
