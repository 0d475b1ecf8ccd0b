package dev.numaflow.reducestream.serverinfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the server-info file atomically, so the platform never reads half of it: a
 * temporary file in the same directory, readable by all and writable only by its owner,
 * then moved over the target.
 */
public final class ServerInfoFile {

	private ServerInfoFile() {
	}

	/**
	 * Write the server info to a file, replacing an earlier one.
	 * @param path the file
	 * @param info the server info
	 * @throws IOException if the file cannot be written, or a directory stands at the
	 * path
	 */
	public static void write(Path path, ServerInfo info) throws IOException {
		if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
			throw new IOException("Cannot write the server-info file " + path + ": it is a directory. Remove it or"
					+ " choose another numaflow.reducestream.server-info-path");
		}
		if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !isServerInfo(path)) {
			throw new IOException("Refusing to replace " + path + " with the server-info file: it exists and is not a"
					+ " server-info file (a regular file ending with " + ServerInfo.END_MARKER
					+ "). Remove it or choose another numaflow.reducestream.server-info-path");
		}
		Path directory = checkDirectory(path);
		try {
			replace(path, directory, info);
		}
		catch (IOException ex) {
			throw new IOException("Cannot write the server-info file " + path + ": " + ex, ex);
		}
	}

	/**
	 * Check that the server-info file's directory exists, before anything is bound.
	 * @param path the server-info file
	 * @return its directory
	 * @throws IOException naming the path, the directory and what to change, if it does
	 * not
	 */
	public static Path checkDirectory(Path path) throws IOException {
		Path directory = path.toAbsolutePath().getParent();
		if (directory == null) {
			throw new IOException("Cannot write the server-info file " + path + ": it has no parent directory");
		}
		if (!Files.isDirectory(directory)) {
			throw new IOException("Cannot write the server-info file " + path + ": its directory " + directory
					+ " does not exist or is not a directory. In a Numaflow pod it is the volume the platform mounts"
					+ " at /var/run/numaflow; elsewhere create it, or choose another"
					+ " numaflow.reducestream.server-info-path");
		}
		return directory;
	}

	private static void replace(Path path, Path directory, ServerInfo info) throws IOException {
		Path temporary = Files.createTempFile(directory, "." + path.getFileName(), ".tmp");
		try {
			Files.writeString(temporary, info.toFileContent(), StandardCharsets.UTF_8);
			try {
				Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
			}
			catch (UnsupportedOperationException ex) {
				// Not a POSIX file system: the platform never runs there.
			}
			try {
				Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * Delete the server-info file if it is there.
	 * @param path the file
	 * @return whether a file was deleted
	 * @throws IOException if it cannot be deleted
	 */
	public static boolean delete(Path path) throws IOException {
		if (isServerInfo(path)) {
			return Files.deleteIfExists(path);
		}
		return false;
	}

	/**
	 * Whether a server-info file, of this or any SDK, stands at the path: a regular file
	 * of at most 64 KiB ending with the end marker. Anything else there is not replaced
	 * or deleted.
	 */
	static boolean isServerInfo(Path path) {
		try {
			if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.size(path) > 64 * 1024) {
				return false;
			}
			return Files.readString(path, StandardCharsets.UTF_8).endsWith(ServerInfo.END_MARKER);
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

}
