package dev.numaflow.reducestream.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Prepares the path a Unix domain socket binds to: its directory exists, and a stale
 * socket left by an earlier process is removed. Anything else standing at the path is
 * refused and left untouched.
 */
final class SocketFiles {

	/** The file-type bits of {@code st_mode}, and the type of a socket. */
	private static final int S_IFMT = 0170000;

	private static final int S_IFSOCK = 0140000;

	private SocketFiles() {
	}

	static void prepare(Path socket) throws IOException {
		Path directory = socket.toAbsolutePath().getParent();
		if (directory != null) {
			try {
				Files.createDirectories(directory);
			}
			catch (IOException ex) {
				throw new IOException("Cannot create the directory " + directory + " of the reduce stream socket "
						+ socket + ": " + ex, ex);
			}
		}
		if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (!isSocket(socket)) {
			throw new IOException("Refusing to replace " + socket + " with the reduce stream socket: it exists and is "
					+ describe(socket)
					+ ", not a socket. Remove it or choose another numaflow.reducestream.socket-path");
		}
		Files.delete(socket);
	}

	static boolean isSocket(Path path) {
		try {
			Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
			return (mode instanceof Integer bits) && (bits & S_IFMT) == S_IFSOCK;
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return false;
		}
	}

	private static String describe(Path path) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			if (attributes.isDirectory()) {
				return "a directory";
			}
			if (attributes.isSymbolicLink()) {
				return "a symbolic link";
			}
			if (attributes.isRegularFile()) {
				return "a regular file";
			}
			return "a special file";
		}
		catch (IOException ex) {
			return "unreadable (" + ex.getMessage() + ")";
		}
	}

	static void deleteSocket(Path socket) {
		try {
			if (isSocket(socket)) {
				Files.delete(socket);
			}
		}
		catch (IOException ex) {
			// Nothing to do: a stale socket is removed at the next start.
		}
	}

}
