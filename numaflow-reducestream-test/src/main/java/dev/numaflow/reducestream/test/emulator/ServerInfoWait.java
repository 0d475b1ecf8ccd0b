package dev.numaflow.reducestream.test.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for a server-info file as the platform does: until it exists, is not empty and
 * ends with the end marker. The emulator waits with it, and so does
 * {@link dev.numaflow.reducestream.test.image.StartupArchive#serve}.
 */
public final class ServerInfoWait {

	/** What ends a complete server-info file: the 13 characters {@code U+005C__END__}. */
	static final String END = "U+005C__END__";

	private ServerInfoWait() {
	}

	/**
	 * Wait for the file.
	 * @param path the file
	 * @param timeout how long to wait
	 * @param alive whether the server can still write it (false once a started server has
	 * exited)
	 * @return the JSON before the end marker
	 * @throws IOException if it did not appear in time
	 * @throws InterruptedException if interrupted
	 */
	public static String await(Path path, Duration timeout, BooleanSupplier alive)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (Files.isRegularFile(path) && Files.size(path) > 0) {
				String content = Files.readString(path, StandardCharsets.UTF_8);
				if (content.endsWith(END)) {
					return content.substring(0, content.length() - END.length());
				}
			}
			if (!alive.getAsBoolean()) {
				throw new IOException("The server exited before it wrote the server-info file " + path);
			}
			if (System.nanoTime() > deadline) {
				throw new IOException(
						"No complete server-info file at " + path + " after " + WindowAssigner.format(timeout)
								+ ": is the server running, and does it use this socket directory?");
			}
			// The platform polls too (every second); a shorter period starts demos
			// sooner.
			TimeUnit.MILLISECONDS.sleep(100);
		}
	}

}
