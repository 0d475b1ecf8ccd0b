package dev.numaflow.reducestream.server;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.serverinfo.ServerInfo;

/**
 * A reduce stream server in a JVM of its own, without Spring, for tests that need a small
 * heap: {@code StandaloneServer <socket> <server-info> <mode> <max-pending>}.
 * <ul>
 * <li>{@code count}: each key set sends {@code <datums>:<bytes>} at its end; a datum with
 * the single key {@code __measure__} logs the heap used after a full GC.</li>
 * <li>{@code slow}: as {@code count}, with each datum taking 2 ms of handler time, slower
 * than the transport.</li>
 * <li>{@code echo}: each datum is answered at once with a 64 KiB result.</li>
 * <li>{@code timer}: as {@code count}, and each key set (but {@code __measure__}) sets a
 * timer repeating every 2 s on its first datum, and sends {@code tick} on its first
 * firing.</li>
 * </ul>
 */
public final class StandaloneServer {

	private static final Logger logger = LoggerFactory.getLogger(StandaloneServer.class);

	/** Logged with the heap in bytes after a full GC. */
	static final String HEAP_MARKER = "heap-used-after-gc=";

	private StandaloneServer() {
	}

	public static void main(String[] args) {
		String mode = args[2];
		int maxPending = Integer.parseInt(args[3]);
		ReduceStreamServerSettings settings = new ReduceStreamServerSettings(Path.of(args[0]), Path.of(args[1]),
				64 * 1024 * 1024, 2, 1, maxPending, maxPending, Duration.ofSeconds(5), "udf");
		ReduceStreamServer server = new ReduceStreamServer(settings, (metadata) -> streamer(mode),
				ServerInfo.forThisStarter());
		server.start();
	}

	private static ReduceStreamer streamer(String mode) {
		if (mode.equals("echo")) {
			byte[] big = new byte[64 * 1024];
			return (datum, output, metadata) -> output.send(Message.of(big, metadata.keys()));
		}
		boolean slow = mode.equals("slow");
		boolean timer = mode.equals("timer");
		return new ReduceStreamer() {

			private int datums;

			private long bytes;

			private boolean ticked;

			@Override
			public void onDatum(Datum datum, Output output, Metadata metadata) {
				boolean measure = metadata.keys().size() == 1 && metadata.keys().get(0).equals("__measure__");
				if (timer && !measure && this.datums == 0) {
					output.timers().every(Duration.ofSeconds(2));
				}
				if (measure) {
					System.gc();
					System.gc();
					logger.info("{}{}", HEAP_MARKER,
							ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
				}
				if (slow) {
					// Simulated work: a handler that is slower than the client.
					LockSupport.parkNanos(2_000_000);
				}
				this.datums++;
				this.bytes += datum.value().length;
			}

			@Override
			public void onTimer(Output output, Metadata metadata) {
				if (!this.ticked) {
					this.ticked = true;
					output.send(Message.of("tick", metadata.keys()));
				}
			}

			@Override
			public void onEndOfInput(Output output, Metadata metadata) {
				output.send(Message.of(this.datums + ":" + this.bytes, metadata.keys()));
			}

		};
	}

}
