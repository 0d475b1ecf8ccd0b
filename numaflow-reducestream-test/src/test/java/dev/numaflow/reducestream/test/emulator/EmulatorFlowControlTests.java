package dev.numaflow.reducestream.test.emulator;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.server.ReduceStreamServerSettings;
import dev.numaflow.reducestream.serverinfo.ServerInfo;
import dev.numaflow.reducestream.test.WindowCall;
import dev.numaflow.reducestream.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The emulator's flow control against a real server on a real socket: a UDF that sends
 * far more than the emulator prints, or takes datums far more slowly than the input
 * arrives, makes the emulator wait, never buffer the difference.
 */
class EmulatorFlowControlTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	@TempDir
	Path directory;

	private @Nullable ReduceStreamServer server;

	@AfterEach
	void stop() {
		ReduceStreamServer started = this.server;
		if (started != null) {
			started.stop();
		}
	}

	private ReduceStreamServer server() {
		return Objects.requireNonNull(this.server, "started");
	}

	private void start(ReduceStreamerFactory factory) {
		String transport = System.getProperty("numaflow.reducestream.transport", "auto");
		ReduceStreamServerSettings settings = new ReduceStreamServerSettings(this.directory.resolve("rs.sock"),
				this.directory.resolve("server-info"), 64 * 1024 * 1024, 2, 1, 16, 16, Duration.ofSeconds(5), "udf")
			.withTransport(Transport.parse(transport));
		ReduceStreamServer started = new ReduceStreamServer(settings, factory, ServerInfo.forThisStarter());
		started.start();
		this.server = started;
	}

	private CompletableFuture<Integer> runEmulator(InputStream input, PrintStream out, ByteArrayOutputStream err) {
		String[] args = { "--transport=" + System.getProperty("numaflow.reducestream.transport", "auto"),
				"--socket=" + server().getSocketPath(), "--server-info=" + server().getServerInfoPath(), "--input=-" };
		PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
		CompletableFuture<Integer> status = new CompletableFuture<>();
		Thread thread = new Thread(() -> status.complete(Emulator.run(args, input, out, errors)), "emulator");
		thread.start();
		this.emulatorThread.set(thread);
		return status;
	}

	private final AtomicReference<Thread> emulatorThread = new AtomicReference<>();

	@Test
	void aNoisyUdfIsSlowedByAnEmulatorThatPrintsSlowlyInsteadOfFillingItsMemory() throws Exception {
		int results = 500;
		byte[] payload = new byte[16 * 1024];
		AtomicInteger sent = new AtomicInteger();
		AtomicReference<Thread> sender = new AtomicReference<>();
		start((metadata) -> new ReduceStreamer() {
			@Override
			public void onDatum(Datum datum, Output output, Metadata md) {
				sender.set(Thread.currentThread());
				for (int i = 0; i < results; i++) {
					output.send(Message.of(payload, md.keys()));
					sent.incrementAndGet();
				}
			}
		});
		GatedOutput gate = new GatedOutput();
		CompletableFuture<Integer> status = runEmulator(
				lines("{\"eventTime\":0,\"keys\":[\"a\"],\"value\":\"1\"}\n", 1),
				new PrintStream(gate, true, StandardCharsets.UTF_8), new ByteArrayOutputStream());
		// The UDF's thread waits inside onDatum, so inside Output.send: the server holds
		// it because the emulator reads no further while it cannot print.
		await().atMost(TIMEOUT).until(() -> isWaiting(sender.get()));
		assertThat(sent.get()).as("results the UDF could send while the emulator printed nothing")
			.isLessThan(results / 2);
		gate.open();
		assertThat(status.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as(gate.text()).isZero();
		assertThat(sent.get()).isEqualTo(results);
		assertThat(gate.text()).contains("1 windows, " + results + " results");
	}

	@Test
	void aSlowUdfMakesTheEmulatorWaitForTheServersWindowInsteadOfBufferingTheInput() throws Exception {
		int events = 3000;
		CountDownLatch release = new CountDownLatch(1);
		start((metadata) -> (datum, output, md) -> {
			try {
				release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		String value = "v".repeat(8 * 1024);
		CountingInput input = new CountingInput(
				lines("{\"eventTime\":0,\"keys\":[\"a\"],\"value\":\"" + value + "\"}\n", events));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		CompletableFuture<Integer> status = runEmulator(input, new PrintStream(out, true, StandardCharsets.UTF_8),
				new ByteArrayOutputStream());
		await().atMost(TIMEOUT).until(() -> waitsIn(this.emulatorThread.get(), WindowCall.class, "awaitReady"));
		assertThat(input.bytesRead()).as("input read while the UDF took no datum").isLessThan(input.length() / 4);
		release.countDown();
		assertThat(status.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as(out.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(input.bytesRead()).isEqualTo(input.length());
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("summary: " + events + " events");
	}

	private static InputStream lines(String line, int count) {
		return new java.io.ByteArrayInputStream(line.repeat(count).getBytes(StandardCharsets.UTF_8));
	}

	private static boolean isWaiting(@Nullable Thread thread) {
		if (thread == null) {
			return false;
		}
		Thread.State state = thread.getState();
		return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
	}

	private static boolean waitsIn(@Nullable Thread thread, Class<?> type, String method) {
		return thread != null && isWaiting(thread) && Arrays.stream(thread.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().equals(type.getName()) && frame.getMethodName().equals(method));
	}

	/**
	 * Output that holds every result line until it is opened, like a stalled terminal.
	 */
	private static final class GatedOutput extends OutputStream {

		private final ByteArrayOutputStream written = new ByteArrayOutputStream();

		private final CountDownLatch open = new CountDownLatch(1);

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			if (new String(bytes, offset, length, StandardCharsets.UTF_8).startsWith("result")) {
				try {
					this.open.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			synchronized (this.written) {
				this.written.write(bytes, offset, length);
			}
		}

		void open() {
			this.open.countDown();
		}

		String text() {
			synchronized (this.written) {
				return this.written.toString(StandardCharsets.UTF_8);
			}
		}

	}

	/** Counts the bytes the emulator has read of its input. */
	private static final class CountingInput extends FilterInputStream {

		private final AtomicLong read = new AtomicLong();

		private final long length;

		CountingInput(InputStream in) throws IOException {
			super(in);
			this.length = in.available();
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				this.read.incrementAndGet();
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int count = super.read(buffer, offset, length);
			if (count > 0) {
				this.read.addAndGet(count);
			}
			return count;
		}

		long bytesRead() {
			return this.read.get();
		}

		long length() {
			return this.length;
		}

	}

}
