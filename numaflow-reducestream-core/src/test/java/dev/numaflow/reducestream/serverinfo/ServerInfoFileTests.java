package dev.numaflow.reducestream.serverinfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class ServerInfoFileTests {

	private static final ServerInfo INFO = ServerInfo.forThisStarter();

	@TempDir
	Path directory;

	@Test
	void writeStoresExactlyTheServerInfoOfThisStarter() throws IOException {
		Path file = this.directory.resolve("reducestreamer-server-info");
		ServerInfoFile.write(file, INFO);
		String expected = "{\"protocol\":\"uds\",\"language\":\"java\",\"minimum_numaflow_version\":\"1.4.0-z\","
				+ "\"version\":\"0.11.0\",\"metadata\":{\"starter\":\"numaflow-reducestream\",\"starter_version\":\""
				+ System.getProperty("project.version") + "\"}}U+005C__END__";
		assertThat(Files.readAllBytes(file)).isEqualTo(expected.getBytes(StandardCharsets.US_ASCII));
	}

	@Test
	void writeEncodesNonAsciiMetadataAsUtf8() throws IOException {
		Path file = this.directory.resolve("server-info");
		ServerInfo info = new ServerInfo("uds", "java", "1.4.0-z", "0.11.0", Map.of("city", "Zürich ✓ 🙂"));
		ServerInfoFile.write(file, info);
		assertThat(Files.readAllBytes(file)).isEqualTo(info.toFileContent().getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void writeLeavesNoTemporaryFileInTheDirectory() throws IOException {
		Path file = this.directory.resolve("server-info");
		ServerInfoFile.write(file, INFO);
		ServerInfoFile.write(file, INFO);
		assertThat(list(this.directory)).containsExactly(file);
	}

	@Test
	void writeReplacesALongerExistingFileCompletely() throws IOException {
		Path file = this.directory.resolve("server-info");
		Files.writeString(file, "{" + "x".repeat(4096) + "}" + ServerInfo.END_MARKER);
		ServerInfoFile.write(file, INFO);
		assertThat(Files.readString(file)).isEqualTo(INFO.toFileContent());
	}

	@Test
	void writeReplacesTheFileByRenameSoAReaderOfTheOldFileNeverSeesPartialContent() throws IOException {
		Path file = this.directory.resolve("server-info");
		Files.writeString(file, "old server info" + ServerInfo.END_MARKER);
		Object oldFileKey = fileKey(file);
		try (InputStream oldReader = Files.newInputStream(file)) {
			ServerInfoFile.write(file, INFO);
			// The old inode is still open, so its number cannot have been reused.
			assertThat(fileKey(file)).isNotEqualTo(oldFileKey);
			assertThat(oldReader.readAllBytes()).asString(StandardCharsets.UTF_8)
				.isEqualTo("old server info" + ServerInfo.END_MARKER);
		}
		assertThat(Files.readString(file)).isEqualTo(INFO.toFileContent());
	}

	@Test
	void writtenFileIsReadableByAllAndWritableOnlyByItsOwner() throws IOException {
		Path file = this.directory.resolve("server-info");
		ServerInfoFile.write(file, INFO);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
	}

	@Test
	void writeOverAWorldWritableFileLeavesItNotWorldWritable() throws IOException {
		Path file = this.directory.resolve("server-info");
		Files.writeString(file, "old" + ServerInfo.END_MARKER);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
		ServerInfoFile.write(file, INFO);
		assertThat(Files.getPosixFilePermissions(file)).doesNotContain(PosixFilePermission.OTHERS_WRITE,
				PosixFilePermission.GROUP_WRITE);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
	}

	@Test
	void writeRefusesAMissingDirectoryNamingItAndCreatesNothing() {
		Path file = this.directory.resolve("var/run/numaflow/server-info");
		org.assertj.core.api.Assertions.assertThatIOException()
			.isThrownBy(() -> ServerInfoFile.write(file, INFO))
			.withMessageContaining(file.toString())
			.withMessageContaining("does not exist");
		assertThat(this.directory.resolve("var")).doesNotExist();
	}

	@Test
	void writeRefusesADirectoryAtThePathNamingItAndLeavesItUntouched() throws IOException {
		// Empty, so that a move with REPLACE_EXISTING would otherwise replace it.
		Path file = Files.createDirectory(this.directory.resolve("server-info"));
		assertThatIOException().isThrownBy(() -> ServerInfoFile.write(file, INFO))
			.withMessageContaining(file.toString())
			.withMessageContaining("directory");
		assertThat(file).isEmptyDirectory();
		assertThat(list(this.directory)).containsExactly(file);
	}

	@Test
	void writeAndDeleteLeaveAFileThatIsNotServerInfoUntouched() throws IOException {
		Path file = Files.writeString(this.directory.resolve("application.yml"), "server:\n  port: 8080\n");
		assertThatIOException().isThrownBy(() -> ServerInfoFile.write(file, INFO))
			.withMessageContaining("Refusing to replace " + file)
			.withMessageContaining("not a server-info file");
		assertThat(ServerInfoFile.delete(file)).isFalse();
		assertThat(file).hasContent("server:\n  port: 8080\n");
	}

	@Test
	void deleteRemovesTheFile() throws IOException {
		Path file = this.directory.resolve("server-info");
		ServerInfoFile.write(file, INFO);
		assertThat(ServerInfoFile.delete(file)).isTrue();
		assertThat(file).doesNotExist();
	}

	@Test
	void deleteOfAMissingFileReturnsFalse() throws IOException {
		assertThat(ServerInfoFile.delete(this.directory.resolve("server-info"))).isFalse();
	}

	@Test
	void deleteLeavesADirectoryAtThePathAlone() throws IOException {
		Path file = Files.createDirectory(this.directory.resolve("server-info"));
		assertThat(ServerInfoFile.delete(file)).isFalse();
		assertThat(file).isDirectory();
	}

	private static Object fileKey(Path file) throws IOException {
		return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
	}

	private static List<Path> list(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.toList();
		}
	}

}
