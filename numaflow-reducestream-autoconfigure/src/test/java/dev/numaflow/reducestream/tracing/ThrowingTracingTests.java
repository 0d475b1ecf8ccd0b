package dev.numaflow.reducestream.tracing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.tracing.Tracer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.autoconfigure.ReduceStreamAutoConfiguration;
import dev.numaflow.reducestream.autoconfigure.ReduceStreamTracingAutoConfiguration;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ReduceStreamTracing;
import dev.numaflow.reducestream.server.ResponseRecorder;

import static dev.numaflow.reducestream.tracing.TracedRequests.plain;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracing that throws is a fault boundary: the key sets and their stream go on, and it
 * is logged once at WARN. With Boot's no-op tracer the server does no tracing work.
 */
@ExtendWith(OutputCaptureExtension.class)
class ThrowingTracingTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReduceStreamAutoConfiguration.class,
					ReduceStreamTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
					NoopTracerAutoConfiguration.class))
			.withUserConfiguration(TracedStreamer.class)
			.withPropertyValues("numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"));
	}

	private ResponseRecorder reduce(ReduceRequest... requests) throws Exception {
		try (ReduceClient client = ReduceClient.connect(this.directory.resolve("rs.sock"))) {
			ResponseRecorder recorder = new ResponseRecorder();
			StreamObserver<ReduceRequest> stream = client.async().reduceFn(recorder);
			for (ReduceRequest request : requests) {
				stream.onNext(request);
			}
			stream.onCompleted();
			assertThat(recorder.awaitEnd(Duration.ofSeconds(20)).getCode()).isEqualTo(Status.Code.OK);
			return recorder;
		}
	}

	@Test
	void aTracingThatCannotStartASpanFailsNoKeySet(CapturedOutput output) throws Exception {
		ReduceStreamTracing throwing = (metadata) -> {
			throw new IllegalStateException("tracer down");
		};
		runner().withBean(ReduceStreamTracing.class, () -> throwing).run((context) -> {
			ResponseRecorder recorder = reduce(plain(true, "a", "1"), plain(false, "b", "1"), plain(false, "a", "2"));
			assertThat(recorder.resultValues()).containsExactlyInAnyOrder("2", "1");
			// At WARN once for the server; the second key set's fault is at DEBUG.
			assertThat(output.getOut().split("later tracing faults are logged at DEBUG", -1)).hasSize(2);
		});
	}

	@Test
	void aSpanThatThrowsAtEveryCallFailsNoKeySet(CapturedOutput output) throws Exception {
		ReduceStreamTracing throwing = (metadata) -> new ThrowingSpan();
		runner().withBean(ReduceStreamTracing.class, () -> throwing).run((context) -> {
			ResponseRecorder recorder = reduce(plain(true, "a", "1"), plain(false, "a", "2"), plain(false, "b", "1"));
			assertThat(recorder.resultValues()).containsExactlyInAnyOrder("2", "1");
			assertThat(output.getOut()).contains("Tracing a key set failed (datum)")
				.contains("IllegalStateException: span down");
		});
	}

	@Test
	void aScopeThatThrowsWhenClosedFailsNoKeySet() throws Exception {
		ReduceStreamTracing throwing = (metadata) -> new ReduceStreamTracing.KeySetSpan() {
			@Override
			public ReduceStreamTracing.Scope makeCurrent() {
				return () -> {
					throw new IllegalStateException("scope down");
				};
			}

			@Override
			public void end(ReduceStreamTracing.Outcome outcome, long datums, long results,
					@Nullable Throwable failure) {
				throw new IllegalStateException("end down");
			}
		};
		runner().withBean(ReduceStreamTracing.class, () -> throwing).run((context) -> {
			ResponseRecorder recorder = reduce(plain(true, "a", "1"), plain(false, "a", "2"));
			assertThat(recorder.resultValues()).containsExactly("2");
		});
	}

	@Test
	void bootsNoopTracerMeansNoTracing() {
		runner().run((context) -> {
			assertThat(context).getBean(Tracer.class).isSameAs(Tracer.NOOP);
			assertThat(context).getBean(ReduceStreamTracing.class).isSameAs(ReduceStreamTracing.NONE);
			assertThat(reduce(plain(true, "a", "1")).resultValues()).containsExactly("1");
		});
	}

	@Test
	void backsOffWithoutATracerBean() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReduceStreamAutoConfiguration.class,
					ReduceStreamTracingAutoConfiguration.class))
			.withUserConfiguration(TracedStreamerWithoutTracer.class)
			.withPropertyValues("numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ReduceStreamTracing.class));
	}

	@Test
	void aNegativeMaxLinksIsRefused() {
		runner().withPropertyValues("numaflow.reducestream.tracing.max-links=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("numaflow.reducestream.tracing.max-links"));
	}

	/** Throws at every call but the start. */
	static final class ThrowingSpan implements ReduceStreamTracing.KeySetSpan {

		@Override
		public void datum(Datum datum) {
			throw new IllegalStateException("span down");
		}

		@Override
		public ReduceStreamTracing.Scope makeCurrent() {
			throw new IllegalStateException("span down");
		}

		@Override
		public void end(ReduceStreamTracing.Outcome outcome, long datums, long results, @Nullable Throwable failure) {
			throw new IllegalStateException("span down");
		}

	}

	/** A streamer that needs no tracer. */
	@dev.numaflow.reducestream.ReduceStreamerBean
	static class TracedStreamerWithoutTracer implements dev.numaflow.reducestream.ReduceStreamer {

		@Override
		public void onDatum(Datum datum, dev.numaflow.reducestream.Output output, Metadata metadata) {
		}

	}

}
