package dev.numaflow.reducestream.server;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * What {@link SocketFiles} does before the server binds. Netty unlinks the socket path
 * itself before bind(2), whatever stands there, so these checks must happen first.
 */
class SocketFilesTests {

	@TempDir
	Path directory;

	@Test
	void prepareRemovesAStaleSocket() throws Exception {
		Path socket = this.directory.resolve("rs.sock");
		UnixSockets.createStale(socket);
		SocketFiles.prepare(socket);
		assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).isFalse();
	}

	@Test
	void prepareRefusesAMissingDirectoryNamingItAndCreatesNothing() throws Exception {
		Path socket = this.directory.resolve("a/b/c/rs.sock");
		org.assertj.core.api.Assertions.assertThatIOException()
			.isThrownBy(() -> SocketFiles.prepare(socket))
			.withMessageContaining(this.directory.resolve("a/b/c").toString())
			.withMessageContaining("does not exist");
		assertThat(this.directory.resolve("a")).doesNotExist();
	}

	@Test
	void prepareRefusesAFileWhereTheDirectoryShouldBeAndLeavesItUntouched() throws Exception {
		Path file = Files.writeString(this.directory.resolve("numaflow"), "data");
		org.assertj.core.api.Assertions.assertThatIOException()
			.isThrownBy(() -> SocketFiles.prepare(file.resolve("rs.sock")))
			.withMessageContaining(file.toString())
			.withMessageContaining("not a directory");
		assertThat(file).hasContent("data");
	}

	@Test
	void prepareRefusesARegularFileNamingItAndLeavesItUntouched() throws Exception {
		Path socket = Files.writeString(this.directory.resolve("rs.sock"), "data");
		assertThatIOException().isThrownBy(() -> SocketFiles.prepare(socket))
			.withMessageContaining(socket.toString())
			.withMessageContaining("regular file");
		assertThat(Files.readString(socket)).isEqualTo("data");
	}

	@Test
	void deleteSocketLeavesAnythingButASocketAlone() throws Exception {
		Path file = Files.writeString(this.directory.resolve("rs.sock"), "data");
		SocketFiles.deleteSocket(file);
		assertThat(Files.readString(file)).isEqualTo("data");
	}

	@Test
	void deleteSocketRemovesASocket() throws Exception {
		Path socket = this.directory.resolve("rs.sock");
		UnixSockets.createStale(socket);
		SocketFiles.deleteSocket(socket);
		assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).isFalse();
	}

}
