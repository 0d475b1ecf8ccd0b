package dev.numaflow.reducestream.autoconfigure;

import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.EchoStreamer;
import dev.numaflow.reducestream.codec.JsonPayloadCodec;
import dev.numaflow.reducestream.codec.PayloadCodec;
import dev.numaflow.reducestream.codec.PayloadDecodingException;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.server.ResponseRecorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Typed payloads in a Spring Boot application: the codec is built on the application's
 * {@code JsonMapper} (with its {@code spring.jackson.*} settings), a default one without
 * it, none without Jackson, and a user's own {@link PayloadCodec} replaces it. The round
 * trips go over the server's real socket.
 */
class PayloadCodecAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return runnerWith(AutoConfigurations.of(JacksonAutoConfiguration.class, ReduceStreamAutoConfiguration.class));
	}

	private ApplicationContextRunner runnerWith(AutoConfigurations configurations) {
		return new ApplicationContextRunner().withConfiguration(configurations)
			.withPropertyValues("numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"));
	}

	@Test
	void theCodecUsesTheApplicationsJsonMapper() {
		runner().withUserConfiguration(EchoStreamer.class)
			.run((context) -> assertThat(context.getBean(JsonPayloadCodec.class).mapper())
				.isSameAs(context.getBean(JsonMapper.class)));
	}

	@Test
	void withoutAJsonMapperBeanTheCodecUsesADefaultMapper() {
		runnerWith(AutoConfigurations.of(ReduceStreamAutoConfiguration.class)).withUserConfiguration(EchoStreamer.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(JsonMapper.class);
				assertThat(context).hasSingleBean(JsonPayloadCodec.class);
			});
	}

	@Test
	void aPayloadCodecBeanReplacesTheJsonOne() {
		runner().withUserConfiguration(EchoStreamer.class, OwnCodec.class)
			.run((context) -> assertThat(context).hasSingleBean(PayloadCodec.class)
				.doesNotHaveBean(JsonPayloadCodec.class));
	}

	@Test
	void withoutJacksonThereIsNoCodecAndTheServerStillStarts() {
		runner().withUserConfiguration(EchoStreamer.class)
			.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(PayloadCodec.class);
				assertThat(context.getBean(ReduceStreamServer.class).isRunning()).isTrue();
			});
	}

	@Test
	void datumsAndResultsGoThroughTheApplicationsCustomisedMapper() {
		runner().withUserConfiguration(AlertStreamer.class)
			.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run((context) -> {
				try (ReduceClient client = ReduceClient
					.connect(context.getBean(ReduceStreamServer.class).getSocketPath())) {
					ResponseRecorder recorder = window(client, List.of("s1"), "{\"sensor_id\":\"s1\",\"celsius\":12.5}",
							"{\"sensor_id\":\"s1\",\"celsius\":31.5}");
					assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
					assertThat(recorder.resultValues())
						.containsExactly("{\"sensor_id\":\"s1\",\"celsius\":31.5,\"readings_so_far\":2}");
					assertThat(recorder.results().get(0).getResult().getTagsList()).containsExactly("alert");
				}
			});
	}

	@Test
	void theApplicationsMapperIsObtainedAtTheFirstTypedPayloadNotBeforeTheServerStarts() {
		runner().withUserConfiguration(AlertStreamer.class, LazySnakeCaseMapper.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ReduceStreamServer.class).isRunning()).isTrue();
			assertThat(context.getBeanFactory().containsSingleton("lazySnakeCaseMapper")).isFalse();
			try (ReduceClient client = ReduceClient
				.connect(context.getBean(ReduceStreamServer.class).getSocketPath())) {
				ResponseRecorder recorder = window(client, List.of("s1"), "{\"sensor_id\":\"s1\",\"celsius\":33}");
				assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
				assertThat(recorder.resultValues())
					.containsExactly("{\"sensor_id\":\"s1\",\"celsius\":33.0,\"readings_so_far\":1}");
			}
			assertThat(context.getBeanFactory().containsSingleton("lazySnakeCaseMapper")).isTrue();
			assertThat(context.getBean(JsonPayloadCodec.class).mapper()).isSameAs(context.getBean(JsonMapper.class));
		});
	}

	@Test
	void aPayloadThatDoesNotDecodeEndsOnlyItsStreamNamingTheType() {
		runner().withUserConfiguration(AlertStreamer.class)
			.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run((context) -> {
				try (ReduceClient client = ReduceClient
					.connect(context.getBean(ReduceStreamServer.class).getSocketPath())) {
					ResponseRecorder healthy = window(client, List.of("s1"), "{\"sensor_id\":\"s1\",\"celsius\":40}");
					ResponseRecorder broken = window(client, List.of("s2"), "[\"not\",\"a\",\"reading\"]");
					Status status = broken.awaitEnd(TIMEOUT);
					assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
					assertThat(status.getDescription()).startsWith("UDF_EXECUTION_ERROR(")
						.contains(PayloadDecodingException.class.getName())
						.contains("key set [s2] as " + Reading.class.getName())
						.contains("(21 bytes: [\"not\",\"a\",\"reading\"])");
					assertThat(healthy.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
					assertThat(healthy.resultValues())
						.containsExactly("{\"sensor_id\":\"s1\",\"celsius\":40.0,\"readings_so_far\":1}");
				}
			});
	}

	/** One window's stream with the given datums, half-closed. */
	private static ResponseRecorder window(ReduceClient client, List<String> keys, String... values) {
		Window window = ReduceClient.window(60_000, 120_000);
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int i = 0; i < values.length; i++) {
			requests.onNext((i == 0) ? ReduceClient.open(window, keys, values[i])
					: ReduceClient.append(window, keys, values[i]));
		}
		requests.onCompleted();
		return recorder;
	}

	record Reading(String sensorId, double celsius) {
	}

	record Alert(String sensorId, double celsius, int readingsSoFar) {
	}

	/** An alert for each reading of 30 degrees or more. */
	@ReduceStreamerBean
	static class AlertStreamer implements ReduceStreamer {

		private int readings;

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			Reading reading = datum.value(Reading.class);
			this.readings++;
			if (reading.celsius() >= 30) {
				output.sendValue(new Alert(reading.sensorId(), reading.celsius(), this.readings), metadata.keys(),
						List.of("alert"));
			}
		}

	}

	/** The application's mapper, made only when something asks for it. */
	@Configuration(proxyBeanMethods = false)
	static class LazySnakeCaseMapper {

		@Bean
		@Lazy
		JsonMapper lazySnakeCaseMapper() {
			return JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCodec {

		@Bean
		PayloadCodec ownCodec() {
			return new PayloadCodec() {

				@Override
				public Object decode(byte[] payload, Type type) {
					throw new UnsupportedOperationException();
				}

				@Override
				public byte[] encode(Object value) {
					throw new UnsupportedOperationException();
				}

			};
		}

	}

}
