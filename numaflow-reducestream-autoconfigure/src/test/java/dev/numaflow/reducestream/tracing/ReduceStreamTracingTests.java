package dev.numaflow.reducestream.tracing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.numaflow.reducestream.autoconfigure.ReduceStreamAutoConfiguration;
import dev.numaflow.reducestream.autoconfigure.ReduceStreamTracingAutoConfiguration;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ResponseRecorder;

import static dev.numaflow.reducestream.tracing.TracedRequests.inHeader;
import static dev.numaflow.reducestream.tracing.TracedRequests.inMetadata;
import static dev.numaflow.reducestream.tracing.TracedRequests.plain;
import static dev.numaflow.reducestream.tracing.TracedRequests.spanId;
import static dev.numaflow.reducestream.tracing.TracedRequests.traceId;
import static dev.numaflow.reducestream.tracing.TracedRequests.traceparent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The key sets' spans of an auto-configured server with Spring Boot's OpenTelemetry
 * tracing, sampled at 100% and exported to memory as each span ends, after a client has
 * talked to it over its real Unix socket.
 */
class ReduceStreamTracingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	Path directory;

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReduceStreamAutoConfiguration.class,
					ReduceStreamTracingAutoConfiguration.class, OpenTelemetrySdkAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class))
			.withUserConfiguration(TracedStreamer.class)
			// Exported as each span ends, not in Boot's 5-second batches.
			.withBean("inMemorySpans", SpanProcessor.class, () -> SimpleSpanProcessor.create(this.exporter))
			.withPropertyValues("management.tracing.sampling.probability=1.0",
					"numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"));
	}

	/** Sends the requests, half-closes, and waits for the stream's end. */
	private Status send(EofWatch watch, ReduceRequest... requests) throws Exception {
		try (ReduceClient client = ReduceClient.connect(this.directory.resolve("rs.sock"))) {
			StreamObserver<ReduceRequest> stream = client.async().reduceFn(watch);
			for (ReduceRequest request : requests) {
				stream.onNext(request);
			}
			stream.onCompleted();
			return watch.recorder.awaitEnd(TIMEOUT);
		}
	}

	private List<SpanData> keySetSpans() {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(MicrometerReduceStreamTracing.SPAN_NAME))
			.toList();
	}

	private SpanData keySetSpan(String key) {
		return keySetSpans().stream()
			.filter((span) -> List.of(key)
				.equals(span.getAttributes().get(AttributeKey.stringArrayKey("numaflow.keys"))))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No span for key set " + key + " in " + keySetSpans()));
	}

	private static List<String> linked(SpanData span) {
		return span.getLinks()
			.stream()
			.map(LinkData::getSpanContext)
			.map((context) -> context.getTraceId() + "/" + context.getSpanId())
			.toList();
	}

	@Test
	void oneSpanPerKeySetNamesItsWindowAndKeysAndCountsDatumsAndResults() throws Exception {
		runner().run((context) -> {
			Status status = send(new EofWatch(this.exporter), plain(true, "a", "1"), plain(false, "b", "1"),
					plain(false, "a", "2"), plain(false, "a", "3"));
			assertThat(status.getCode()).isEqualTo(Status.Code.OK);
			assertThat(keySetSpans()).hasSize(2);
			SpanData a = keySetSpan("a");
			assertThat(a.getAttributes().get(AttributeKey.stringKey("numaflow.window.start")))
				.isEqualTo("1970-01-01T00:01:00Z");
			assertThat(a.getAttributes().get(AttributeKey.stringKey("numaflow.window.end")))
				.isEqualTo("1970-01-01T00:02:00Z");
			assertThat(a.getAttributes().get(AttributeKey.longKey("numaflow.reducestream.datums"))).isEqualTo(3L);
			assertThat(a.getAttributes().get(AttributeKey.longKey("numaflow.reducestream.results"))).isEqualTo(1L);
			assertThat(a.getAttributes().get(AttributeKey.stringKey("numaflow.reducestream.outcome")))
				.isEqualTo("completed");
			assertThat(keySetSpan("b").getAttributes().get(AttributeKey.longKey("numaflow.reducestream.datums")))
				.isEqualTo(1L);
			assertThat(a.getParentSpanContext().isValid()).isFalse();
			assertThat(a.getLinks()).isEmpty();
		});
	}

	@Test
	void linksExactlyTheSampledContextsOfItsDatums() throws Exception {
		runner().run((context) -> {
			Status status = send(new EofWatch(this.exporter), inMetadata(true, "a", "1", traceparent(1, true), null),
					inMetadata(false, "a", "2", traceparent(2, false), null), plain(false, "a", "3"),
					inHeader(false, "a", "4", traceparent(4, true)), inHeader(false, "a", "5", traceparent(5, false)),
					inMetadata(false, "a", "6", traceparent(6, true), "vendor=value"),
					inMetadata(false, "a", "7", "not-a-traceparent", null),
					inMetadata(false, "b", "8", traceparent(8, true), null));
			assertThat(status.getCode()).isEqualTo(Status.Code.OK);
			SpanData a = keySetSpan("a");
			assertThat(linked(a)).containsExactly(traceId(1) + "/" + spanId(1), traceId(4) + "/" + spanId(4),
					traceId(6) + "/" + spanId(6));
			assertThat(a.getLinks().get(2).getSpanContext().getTraceState().get("vendor")).isEqualTo("value");
			assertThat(linked(keySetSpan("b"))).containsExactly(traceId(8) + "/" + spanId(8));
			assertThat(a.getTraceId()).isNotIn(traceId(1), traceId(4), traceId(6));
		});
	}

	@Test
	void linksAreCappedAtMaxLinks() throws Exception {
		runner().withPropertyValues("numaflow.reducestream.tracing.max-links=2").run((context) -> {
			Status status = send(new EofWatch(this.exporter), inMetadata(true, "a", "1", traceparent(1, true), null),
					inMetadata(false, "a", "2", traceparent(2, false), null),
					inMetadata(false, "a", "3", traceparent(3, true), null),
					inMetadata(false, "a", "4", traceparent(4, true), null));
			assertThat(status.getCode()).isEqualTo(Status.Code.OK);
			assertThat(linked(keySetSpan("a"))).containsExactly(traceId(1) + "/" + spanId(1),
					traceId(3) + "/" + spanId(3));
		});
	}

	@Test
	void theStreamersOwnSpansAreChildrenOfItsKeySetsSpan() throws Exception {
		// One handler thread serves both key sets, one turn per datum: each datum waits
		// for the one before to be handled.
		runner().withPropertyValues("numaflow.reducestream.max-threads=1").run((context) -> {
			EofWatch watch = new EofWatch(this.exporter);
			try (ReduceClient client = ReduceClient.connect(this.directory.resolve("rs.sock"))) {
				StreamObserver<ReduceRequest> stream = client.async().reduceFn(watch);
				String[] keys = { "a", "b", "a", "b", "a" };
				for (int i = 0; i < keys.length; i++) {
					stream.onNext(plain(i == 0, keys[i], "1"));
					int handled = i + 1;
					await().atMost(TIMEOUT).until(() -> userSpans().size() == handled);
				}
				stream.onCompleted();
				assertThat(watch.recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
			}
			SpanData a = keySetSpan("a");
			SpanData b = keySetSpan("b");
			List<SpanData> user = userSpans();
			assertThat(user).filteredOn((span) -> span.getParentSpanId().equals(a.getSpanId()))
				.hasSize(3)
				.allMatch((span) -> span.getTraceId().equals(a.getTraceId()));
			assertThat(user).filteredOn((span) -> span.getParentSpanId().equals(b.getSpanId()))
				.hasSize(2)
				.allMatch((span) -> span.getTraceId().equals(b.getTraceId()));
		});
	}

	private List<SpanData> userSpans() {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getName().equals(TracedStreamer.USER_SPAN))
			.toList();
	}

	@Test
	void everyKeySetsSpanHasEndedWhenTheClientReceivesTheEof() throws Exception {
		EofWatch watch = new EofWatch(this.exporter);
		EofBeforeSpanEnd check = new EofBeforeSpanEnd(watch);
		runner().withBean("eofBeforeSpanEnd", SpanProcessor.class, () -> check).run((context) -> {
			send(watch, plain(true, "a", "1"), plain(false, "b", "1"), plain(false, "c", "1"));
			List<SpanData> atEof = watch.finishedAtEof.get();
			assertThat(atEof).isNotNull();
			assertThat(atEof).filteredOn((span) -> span.getName().equals(MicrometerReduceStreamTracing.SPAN_NAME))
				.hasSize(3);
			// Each span's end waited a while for the EOF: it never came meanwhile.
			assertThat(check.eofSeenAtSpanEnd).containsExactly(false, false, false);
		});
	}

	@Test
	void aFailingStreamerMarksItsKeySetsSpanAsAnError() throws Exception {
		runner().run((context) -> {
			Status status = send(new EofWatch(this.exporter), plain(true, "a", "1"), plain(false, "a", "fail"));
			assertThat(status.getCode()).isNotEqualTo(Status.Code.OK);
			SpanData a = keySetSpan("a");
			assertThat(a.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
			assertThat(a.getAttributes().get(AttributeKey.stringKey("numaflow.reducestream.outcome")))
				.isEqualTo("failed");
			assertThat(a.getEvents()).anyMatch((event) -> event.getName().equals("exception"));
		});
	}

	@Test
	void unsampledKeySetsRecordNothingAndStillServe() throws Exception {
		runner().withPropertyValues("management.tracing.sampling.probability=0.0").run((context) -> {
			EofWatch watch = new EofWatch(this.exporter);
			Status status = send(watch, inMetadata(true, "a", "1", traceparent(1, true), null), plain(false, "a", "2"));
			assertThat(status.getCode()).isEqualTo(Status.Code.OK);
			assertThat(watch.recorder.resultValues()).containsExactly("2");
			assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
		});
	}

	/** Records the responses, and which spans had ended when the EOF arrived. */
	static final class EofWatch implements StreamObserver<ReduceResponse> {

		final ResponseRecorder recorder = new ResponseRecorder();

		final AtomicReference<List<SpanData>> finishedAtEof = new AtomicReference<>();

		final CountDownLatch eof = new CountDownLatch(1);

		private final InMemorySpanExporter exporter;

		EofWatch(InMemorySpanExporter exporter) {
			this.exporter = exporter;
		}

		@Override
		public void onNext(ReduceResponse response) {
			if (response.getEOF()) {
				this.finishedAtEof.compareAndSet(null, this.exporter.getFinishedSpanItems());
				this.eof.countDown();
			}
			this.recorder.onNext(response);
		}

		@Override
		public void onError(Throwable error) {
			this.recorder.onError(error);
		}

		@Override
		public void onCompleted() {
			this.recorder.onCompleted();
		}

	}

	/**
	 * At the end of each key set's span, gives the EOF a while to arrive, and records
	 * whether it did: a span that ended only after the EOF went out would see it.
	 */
	static final class EofBeforeSpanEnd implements SpanProcessor {

		final List<Boolean> eofSeenAtSpanEnd = new CopyOnWriteArrayList<>();

		private final EofWatch watch;

		EofBeforeSpanEnd(EofWatch watch) {
			this.watch = watch;
		}

		@Override
		public void onStart(Context parentContext, ReadWriteSpan span) {
		}

		@Override
		public boolean isStartRequired() {
			return false;
		}

		@Override
		public void onEnd(ReadableSpan span) {
			if (span.getName().equals(MicrometerReduceStreamTracing.SPAN_NAME)) {
				try {
					this.eofSeenAtSpanEnd.add(this.watch.eof.await(300, TimeUnit.MILLISECONDS));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		@Override
		public boolean isEndRequired() {
			return true;
		}

	}

}
