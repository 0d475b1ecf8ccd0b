package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys and values are the platform's data: nothing at INFO or above ever contains them,
 * whatever happens to the stream (a malformed request, a failing handler, a cancellation,
 * a stop).
 */
class LogContentTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Window WINDOW = ReduceClient.window(0, 60_000);

	private static final String SECRET_KEY = "key-4c8a1f";

	private static final String SECRET_VALUE = "value-9d2e7b";

	@TempDir
	Path directory;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	@BeforeEach
	void capture() {
		this.appender.start();
		this.root.addAppender(this.appender);
	}

	@AfterEach
	void release() {
		this.root.detachAppender(this.appender);
	}

	@Test
	void noRequestContentIsLoggedAtInfoOrAbove() throws Exception {
		ReduceStreamServer server = TestServers.start(TestServers.settings(this.directory),
				(metadata) -> (datum, output, md) -> {
					if (datum.valueAsString().startsWith("fail")) {
						throw new IllegalStateException("the handler fails");
					}
				});
		try (ReduceClient client = ReduceClient.connect(server.getSocketPath())) {
			// A malformed request carrying the content.
			ResponseRecorder bad = new ResponseRecorder();
			StreamObserver<ReduceRequest> badRequests = client.async().reduceFn(bad);
			badRequests.onNext(ReduceClient.append(WINDOW, List.of(SECRET_KEY), SECRET_VALUE)
				.toBuilder()
				.setOperation(ReduceRequest.WindowOperation.newBuilder().setEventValue(9).addWindows(WINDOW))
				.build());
			assertThat(bad.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
			// A failing handler.
			ResponseRecorder failing = new ResponseRecorder();
			StreamObserver<ReduceRequest> failingRequests = client.async().reduceFn(failing);
			failingRequests.onNext(ReduceClient.open(WINDOW, List.of(SECRET_KEY), SECRET_VALUE));
			failingRequests.onNext(ReduceClient.append(WINDOW, List.of(SECRET_KEY), "fail " + SECRET_VALUE));
			assertThat(failing.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.INTERNAL);
			// A stream left open at stop.
			StreamObserver<ReduceRequest> open = client.async().reduceFn(new ResponseRecorder());
			open.onNext(ReduceClient.open(WINDOW, List.of(SECRET_KEY), SECRET_VALUE));
		}
		finally {
			server.stop();
		}
		List<String> logged = new ArrayList<>();
		for (ILoggingEvent event : this.appender.list) {
			if (event.getLevel().isGreaterOrEqual(Level.INFO)) {
				logged.add(event.getLevel() + " " + event.getFormattedMessage()
						+ throwableText(event.getThrowableProxy()));
			}
		}
		assertThat(logged).isNotEmpty()
			.noneMatch((line) -> line.contains(SECRET_KEY))
			.noneMatch((line) -> line.contains(SECRET_VALUE));
	}

	private static String throwableText(IThrowableProxy proxy) {
		StringBuilder text = new StringBuilder();
		for (IThrowableProxy current = proxy; current != null; current = current.getCause()) {
			text.append(' ').append(current.getClassName()).append(": ").append(current.getMessage());
		}
		return text.toString();
	}

}
