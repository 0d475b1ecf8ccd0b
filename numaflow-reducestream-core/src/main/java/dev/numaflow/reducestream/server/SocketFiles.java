package dev.numaflow.reducestream.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the path a Unix domain socket binds to: its directory must exist and be
 * writable, and a stale socket left by an earlier process is removed. Anything else
 * standing at the path is refused and left untouched.
 */
final class SocketFiles {

	private static final Logger logger = LoggerFactory.getLogger(SocketFiles.class);

	/** The file-type bits of {@code st_mode}, and the type of a socket. */
	private static final int S_IFMT = 0170000;

	private static final int S_IFSOCK = 0140000;

	private SocketFiles() {
	}

	static void prepare(Path socket) throws IOException {
		checkDirectory(socket);
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

	/**
	 * The socket's directory must already exist and be writable: in a Numaflow pod it is
	 * the volume the platform mounts for the socket, and creating a missing one would
	 * only hide a wrong path or a missing mount.
	 */
	static void checkDirectory(Path socket) throws IOException {
		Path directory = socket.toAbsolutePath().getParent();
		if (directory == null) {
			return;
		}
		String start = "Cannot listen on the reduce stream socket " + socket + ": its directory " + directory;
		String advice = " In a Numaflow pod it is the volume the platform mounts at /var/run/numaflow; elsewhere"
				+ " create it, or choose another numaflow.reducestream.socket-path.";
		if (!Files.exists(directory)) {
			throw new IOException(start + " does not exist." + advice);
		}
		if (!Files.isDirectory(directory)) {
			throw new IOException(start + " is not a directory." + advice);
		}
		if (!Files.isWritable(directory)) {
			throw new IOException(start + " is not writable by this process (user " + System.getProperty("user.name")
					+ ")." + advice);
		}
	}

	/**
	 * Give the bound socket its permissions and, if one is named, its group. The platform
	 * connects only after the server-info file is written, so it never sees the socket
	 * before this.
	 */
	static void restrict(Path socket, Set<PosixFilePermission> permissions, @Nullable String group) throws IOException {
		// Without NOFOLLOW_LINKS: the JDK then uses chmod(2) and chown(2) on the path;
		// with it, it opens the file, which a socket refuses (ENXIO). The path is the
		// socket just bound, in a directory checked to be writable only by its users.
		PosixFileAttributeView view = Files.getFileAttributeView(socket, PosixFileAttributeView.class);
		if (view == null) {
			if (group != null) {
				throw new IOException("Cannot give the reduce stream socket " + socket + " the group '" + group
						+ "' of numaflow.reducestream.socket-group: its file system has no POSIX permissions");
			}
			// Windows: access to the socket is the directory's ACL; there is nothing to
			// set.
			logger.info("The file system of {} has no POSIX permissions: the socket keeps the access its directory"
					+ " gives (numaflow.reducestream.socket-permissions does not apply)", socket);
			return;
		}
		if (group != null) {
			GroupPrincipal principal;
			try {
				principal = socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
			}
			catch (UserPrincipalNotFoundException ex) {
				throw new IOException("Cannot give the reduce stream socket " + socket + " the group '" + group
						+ "' of numaflow.reducestream.socket-group: no such group", ex);
			}
			try {
				view.setGroup(principal);
			}
			catch (IOException ex) {
				throw new IOException(
						"Cannot give the reduce stream socket " + socket + " the group '" + group
								+ "' of numaflow.reducestream.socket-group (the process must be a member of it): " + ex,
						ex);
			}
		}
		view.setPermissions(permissions);
	}

	static boolean isSocket(Path path) {
		if (!path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
			return isOther(path);
		}
		try {
			Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
			return (mode instanceof Integer bits) && (bits & S_IFMT) == S_IFSOCK;
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * Without the "unix" attribute view (Windows) a file's type is not known exactly: a
	 * Unix domain socket there is a reparse point, which the JDK reports as neither a
	 * regular file, a directory nor a link.
	 */
	private static boolean isOther(Path path) {
		try {
			return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
		}
		catch (IOException ex) {
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
