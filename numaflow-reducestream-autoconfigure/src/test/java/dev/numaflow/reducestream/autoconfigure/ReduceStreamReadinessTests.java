package dev.numaflow.reducestream.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.EchoStreamer;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ReduceStreamListener;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.server.ResponseRecorder;
import dev.numaflow.reducestream.server.TestServers;
import dev.numaflow.reducestream.serverinfo.ServerInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server tells Spring Boot's availability that the application refuses traffic when
 * it stops, and when user code fails under the fail-fast policy.
 */
class ReduceStreamReadinessTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReduceStreamAutoConfiguration.class))
			.withBean(ApplicationAvailabilityBean.class)
			.withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"),
					"numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false");
	}

	/** As SpringApplication does once the application is ready. */
	private static ApplicationAvailability acceptingTraffic(ApplicationContext context) {
		AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
		ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
		assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
		return availability;
	}

	@Test
	void stoppingTheServerMakesTheApplicationRefuseTraffic() {
		runner().run((context) -> {
			ApplicationAvailability availability = acceptingTraffic(context);
			ReduceStreamServer server = context.getBean(ReduceStreamServer.class);
			context.getBean(ReduceStreamServerLifecycle.class).stop();
			assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
			assertThat(Objects.requireNonNull(availability.getLastChangeEvent(ReadinessState.class)).getSource())
				.isSameAs(server);
		});
	}

	@Test
	void aFatalFailureOfUserCodeMakesTheApplicationRefuseTraffic() {
		runner().run((context) -> {
			ApplicationAvailability availability = acceptingTraffic(context);
			context.getBean(ReduceStreamServerLifecycle.class).stop();
			ReduceStreamServer failFast = new ReduceStreamServer(TestServers.settings(this.directory),
					(metadata) -> (ReduceStreamer) (datum, output, md) -> {
						throw new IllegalStateException("boom");
					}, ServerInfo.forThisStarter(), ReduceStreamListener.NONE,
					new RefuseTrafficOnFailure(context, (cause) -> {
					}));
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
			failFast.start();
			try (ReduceClient client = ReduceClient.connect(failFast.getSocketPath())) {
				ResponseRecorder recorder = new ResponseRecorder();
				client.async()
					.reduceFn(recorder)
					.onNext(ReduceClient.open(ReduceClient.window(0, 60_000), List.of("a"), "x"));
				assertThat(recorder.awaitEnd(Duration.ofSeconds(20)).getCode()).isEqualTo(Status.Code.INTERNAL);
			}
			await().atMost(Duration.ofSeconds(20))
				.until(availability::getReadinessState, ReadinessState.REFUSING_TRAFFIC::equals);
			assertThat(failFast.isRunning()).isTrue();
			failFast.stop();
		});
	}

}
