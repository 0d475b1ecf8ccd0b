package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exceptions that throw when they are described ({@code getMessage}, {@code toString})
 * still end their stream, over a real socket: describing a fault is itself inside the
 * fault boundary.
 */
class UndescribableFaultTests {

	private static final Window WINDOW = ReduceClient.window(60_000, 120_000);

	@TempDir
	Path directory;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final Queue<String> events = new ConcurrentLinkedQueue<>();

	private final List<Throwable> fatal = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void aHandlerExceptionWhoseMessageThrowsEndsTheStreamAndTheOtherKeySetsAreCancelled() throws Exception {
		ReduceClient client = start(new FaultyListener());
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		FaultWindows.await().until(() -> this.events.contains("datum:a"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("b"), "boom"));
		Status status = FaultWindows.ended(recorder);
		assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
		assertThat(status.getDescription()).startsWith("UDF_EXECUTION_ERROR(unknown-container)")
			.contains(Undescribable.class.getName());
		FaultWindows.await()
			.untilAsserted(() -> assertThat(this.events).contains("cancel:a", "release:a", "release:b"));
		assertThat(this.events).doesNotContain("cancel:b");
		FaultWindows.await().untilAsserted(() -> assertThat(this.fatal).hasSize(1));
		requests.onCompleted();
	}

	@Test
	void aListenerExceptionWhoseMessageThrowsChangesNothing() throws Exception {
		ReduceClient client = start(new ReduceStreamListener() {
			@Override
			public void datumReceived(long watermarkMillis) {
				throw new Undescribable();
			}
		});
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.append(WINDOW, List.of("a"), "y"));
		requests.onCompleted();
		assertThat(FaultWindows.ended(recorder).getCode()).isEqualTo(Status.Code.OK);
		assertThat(recorder.results()).isEmpty();
		assertThat(this.fatal).isEmpty();
	}

	private ReduceClient start(ReduceStreamListener listener) {
		ReduceStreamServer server = TestServers.start(TestServers.settings(this.directory), factory(), listener,
				this.fatal::add);
		this.resources.add(server::stop);
		ReduceClient client = ReduceClient.connect(server.getSocketPath());
		this.resources.add(0, client);
		return client;
	}

	/** Streamers that throw an {@link Undescribable} on the datum {@code boom}. */
	private ReduceStreamerFactory factory() {
		return new ReduceStreamerFactory() {

			@Override
			public ReduceStreamer create(Metadata metadata) {
				String key = metadata.keys().get(0);
				return new ReduceStreamer() {

					@Override
					public void onDatum(Datum datum, Output output, Metadata md) {
						if (datum.valueAsString().equals("boom")) {
							throw new Undescribable();
						}
						UndescribableFaultTests.this.events.add("datum:" + key);
					}

					@Override
					public void onEndOfInput(Output output, Metadata md) {
					}

					@Override
					public void onCancel(Metadata md) {
						UndescribableFaultTests.this.events.add("cancel:" + key);
						throw new Undescribable();
					}

					@Override
					public String toString() {
						return key;
					}

				};
			}

			@Override
			public void release(ReduceStreamer streamer) {
				UndescribableFaultTests.this.events.add("release:" + streamer);
			}

		};
	}

	/** An exception whose message, and so whose string, cannot be made. */
	static final class Undescribable extends RuntimeException {

		@Override
		public String getMessage() {
			throw new IllegalStateException("no message for you");
		}

	}

}
