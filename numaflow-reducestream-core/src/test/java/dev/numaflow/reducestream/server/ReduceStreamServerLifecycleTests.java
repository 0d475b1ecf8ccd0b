package dev.numaflow.reducestream.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Empty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.serverinfo.ServerInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Starting and stopping the server over a real Unix domain socket: what it does to the
 * socket path and the server-info file, and when.
 */
class ReduceStreamServerLifecycleTests {

	private static final Duration TIMEOUT = LifecycleFixtures.TIMEOUT;

	@TempDir
	Path directory;

	private final LifecycleFixtures fixtures = new LifecycleFixtures();

	@AfterEach
	void stopServers() {
		this.fixtures.close();
	}

	@Test
	void serverInfoFileAppearsOnlyOnceTheSocketAnswersIsReady() throws Exception {
		ReduceStreamServerSettings settings = TestServers.settings(this.directory);
		ReduceStreamServer server = this.fixtures.server(settings);
		CompletableFuture<Boolean> readyWhenInfoAppeared = new CompletableFuture<>();
		Thread watcher = new Thread(() -> {
			try {
				long deadline = System.nanoTime() + TIMEOUT.toNanos();
				while (!Files.exists(settings.serverInfoPath()) && System.nanoTime() < deadline) {
					Thread.onSpinWait();
				}
				// Checked the moment the file is seen, before anything else can bind.
				boolean accepting = UnixSockets.acceptsConnections(settings.socketPath());
				assertThat(accepting).as("socket accepts connections when the server-info file appears").isTrue();
				readyWhenInfoAppeared.complete(LifecycleFixtures.isReady(settings.socketPath()));
			}
			catch (Throwable ex) {
				readyWhenInfoAppeared.completeExceptionally(ex);
			}
		}, "server-info-watcher");
		watcher.start();
		server.start();
		assertThat(readyWhenInfoAppeared.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		assertThat(Files.readString(settings.serverInfoPath())).isEqualTo(ServerInfo.forThisStarter().toFileContent());
	}

	@Test
	void isReadyAnswersTrue() {
		ReduceStreamServer server = this.fixtures.server(TestServers.settings(this.directory));
		server.start();
		assertThat(server.isRunning()).isTrue();
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			assertThat(client.blocking()
				.withDeadlineAfter(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
				.isReady(Empty.getDefaultInstance())
				.getReady()).isTrue();
		}
	}

	@Test
	void missingDirectoryOfTheSocketFailsStartNamingThePathAndCreatesNothing() throws Exception {
		Path socket = this.directory.resolve("a/b/c/rs.sock");
		Path info = this.directory.resolve("server-info");
		ReduceStreamServer server = this.fixtures
			.server(LifecycleFixtures.settings(socket, info, Duration.ofSeconds(5)));
		assertThatExceptionOfType(ReduceStreamServerException.class).isThrownBy(server::start)
			.withMessageContaining(socket.toString())
			.withMessageContaining("does not exist");
		assertThat(this.directory.resolve("a")).doesNotExist();
		assertThat(info).doesNotExist();
		assertThat(server.isRunning()).isFalse();
	}

	@Test
	void missingDirectoryOfTheServerInfoFileFailsStartNamingThePathAndLeavesNoSocketBehind() throws Exception {
		Path socket = this.directory.resolve("rs.sock");
		Path info = this.directory.resolve("d/e/f/server-info");
		ReduceStreamServer server = this.fixtures
			.server(LifecycleFixtures.settings(socket, info, Duration.ofSeconds(5)));
		assertThatExceptionOfType(ReduceStreamServerException.class).isThrownBy(server::start)
			.withMessageContaining(info.toString())
			.withMessageContaining("does not exist");
		assertThat(this.directory.resolve("d")).doesNotExist();
		assertThat(Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
	}

	@Test
	void unwritableDirectoryOfTheSocketFailsStartNamingThePath() throws Exception {
		Path readOnly = Files.createDirectory(this.directory.resolve("read-only"));
		Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
		// Root ignores the mode bits, but not the immutable attribute: CI runs as root.
		boolean immutable = Files.isWritable(readOnly) && chattr("+i", readOnly);
		try {
			org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly),
					"the directory stays writable: running as root without chattr");
			Path socket = readOnly.resolve("rs.sock");
			ReduceStreamServer server = this.fixtures.server(
					LifecycleFixtures.settings(socket, this.directory.resolve("server-info"), Duration.ofSeconds(5)));
			assertThatExceptionOfType(ReduceStreamServerException.class).isThrownBy(server::start)
				.withMessageContaining(socket.toString())
				.withMessageContaining("not writable");
			assertThat(this.directory.resolve("server-info")).doesNotExist();
		}
		finally {
			if (immutable) {
				assertThat(chattr("-i", readOnly)).as("chattr -i %s", readOnly).isTrue();
			}
		}
	}

	private static boolean chattr(String change, Path path) throws InterruptedException {
		try {
			Process process = new ProcessBuilder("chattr", change, path.toString()).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

	@Test
	void staleSocketFileIsReplacedAndTheServerStarts() throws Exception {
		ReduceStreamServerSettings settings = TestServers.settings(this.directory);
		UnixSockets.createStale(settings.socketPath());
		assertThat(UnixSockets.isSocket(settings.socketPath())).isTrue();
		assertThat(UnixSockets.acceptsConnections(settings.socketPath())).isFalse();
		ReduceStreamServer server = this.fixtures.server(settings);
		// Netty also unlinks the path before bind(2), so this proves the behaviour, not
		// which layer removes the stale file (SocketFilesTests does).
		server.start();
		assertThat(UnixSockets.isSocket(settings.socketPath())).isTrue();
		assertThat(LifecycleFixtures.isReady(settings.socketPath())).isTrue();
	}

	@Test
	void regularFileAtTheSocketPathFailsStartNamingThePathAndIsLeftUntouched() throws Exception {
		ReduceStreamServerSettings settings = TestServers.settings(this.directory);
		byte[] content = "not a socket\n".getBytes(StandardCharsets.UTF_8);
		Files.write(settings.socketPath(), content);
		ReduceStreamServer server = this.fixtures.server(settings);
		assertThatExceptionOfType(ReduceStreamServerException.class).isThrownBy(server::start)
			.withMessageContaining(settings.socketPath().toString())
			.withMessageContaining("regular file");
		assertThat(Files.readAllBytes(settings.socketPath())).isEqualTo(content);
		assertThat(server.isRunning()).isFalse();
		assertThat(settings.serverInfoPath()).doesNotExist();
	}

	@Test
	void directoryAtTheSocketPathFailsStartNamingThePathAndIsLeftUntouched() throws Exception {
		ReduceStreamServerSettings settings = TestServers.settings(this.directory);
		Files.createDirectory(settings.socketPath());
		Files.writeString(settings.socketPath().resolve("keep"), "kept");
		ReduceStreamServer server = this.fixtures.server(settings);
		assertThatExceptionOfType(ReduceStreamServerException.class).isThrownBy(server::start)
			.withMessageContaining(settings.socketPath().toString())
			.withMessageContaining("directory");
		assertThat(Files.readString(settings.socketPath().resolve("keep"))).isEqualTo("kept");
		assertThat(server.isRunning()).isFalse();
		assertThat(settings.serverInfoPath()).doesNotExist();
	}

	@Test
	void symbolicLinkAtTheSocketPathFailsStartNamingThePathAndIsLeftUntouched() throws Exception {
		ReduceStreamServerSettings settings = TestServers.settings(this.directory);
		Path target = Files.writeString(this.directory.resolve("target"), "target");
		Files.createSymbolicLink(settings.socketPath(), target);
		ReduceStreamServer server = this.fixtures.server(settings);
		assertThatExceptionOfType(ReduceStreamServerException.class).isThrownBy(server::start)
			.withMessageContaining(settings.socketPath().toString())
			.withMessageContaining("symbolic link");
		assertThat(settings.socketPath()).isSymbolicLink();
		assertThat(Files.readSymbolicLink(settings.socketPath())).isEqualTo(target);
		assertThat(Files.readString(target)).isEqualTo("target");
		assertThat(server.isRunning()).isFalse();
	}

	@Test
	void directoryAtTheServerInfoPathFailsStartNamingThePathAndLeavesNoSocketBehind() throws Exception {
		ReduceStreamServerSettings settings = TestServers.settings(this.directory);
		Files.createDirectory(settings.serverInfoPath());
		ReduceStreamServer server = this.fixtures.server(settings);
		assertThatExceptionOfType(ReduceStreamServerException.class).isThrownBy(server::start)
			.withMessageContaining(settings.serverInfoPath().toString());
		assertThat(server.isRunning()).isFalse();
		assertThat(settings.serverInfoPath()).isEmptyDirectory();
		assertThat(Files.exists(settings.socketPath(), LinkOption.NOFOLLOW_LINKS)).isFalse();
		Files.delete(settings.serverInfoPath());
		server.start();
		assertThat(LifecycleFixtures.isReady(settings.socketPath())).isTrue();
	}

	@Test
	void stopRemovesTheSocketAndTheServerInfoFile() throws Exception {
		ReduceStreamServerSettings settings = TestServers.settings(this.directory);
		ReduceStreamServer server = this.fixtures.server(settings);
		server.start();
		assertThat(UnixSockets.isSocket(settings.socketPath())).isTrue();
		assertThat(settings.serverInfoPath()).isRegularFile();
		server.stop();
		assertThat(server.isRunning()).isFalse();
		assertThat(Files.exists(settings.socketPath(), LinkOption.NOFOLLOW_LINKS)).isFalse();
		assertThat(settings.serverInfoPath()).doesNotExist();
		assertThat(server.getActiveStreams()).isZero();
	}

	@Test
	void startAfterStopServesAgain() throws Exception {
		ReduceStreamServerSettings settings = TestServers.settings(this.directory);
		ReduceStreamServer server = this.fixtures.server(settings);
		server.start();
		assertThat(LifecycleFixtures.isReady(settings.socketPath())).isTrue();
		server.stop();
		assertThat(UnixSockets.acceptsConnections(settings.socketPath())).isFalse();
		server.start();
		assertThat(server.isRunning()).isTrue();
		assertThat(settings.serverInfoPath()).isRegularFile();
		assertThat(LifecycleFixtures.isReady(settings.socketPath())).isTrue();
		assertThat(LifecycleFixtures.countToEnd(server.getSocketPath(), 3)).containsExactly("counter:3");
	}

}
