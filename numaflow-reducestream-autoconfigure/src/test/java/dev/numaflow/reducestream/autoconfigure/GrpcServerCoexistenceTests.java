package dev.numaflow.reducestream.autoconfigure;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Empty;
import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceGrpc;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ReduceStreamServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An application with its own Spring Boot gRPC server on TCP and our reduce stream server
 * on a Unix domain socket, both auto-configured from the class path: each serves its own
 * services, and the application's server does not expose {@code reduce.v1.Reduce}.
 */
class GrpcServerCoexistenceTests {

	private static final MethodDescriptor<String, String> GREET = MethodDescriptor.<String, String>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName(MethodDescriptor.generateFullMethodName("coexistence.v1.Greeter", "Greet"))
		.setRequestMarshaller(Utf8Marshaller.INSTANCE)
		.setResponseMarshaller(Utf8Marshaller.INSTANCE)
		.build();

	@TempDir
	static Path directory;

	private static ConfigurableApplicationContext application;

	private ManagedChannel tcpChannel;

	@BeforeAll
	static void startApplication() {
		application = new SpringApplicationBuilder(CoexistingApplication.class).web(WebApplicationType.NONE)
			.properties("spring.grpc.server.address=127.0.0.1", "spring.grpc.server.port=0",
					"numaflow.reducestream.socket-path=" + directory.resolve("rs.sock"),
					"numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.server-info-path=" + directory.resolve("server-info"))
			.run();
	}

	@AfterAll
	static void stopApplication() {
		application.close();
	}

	@BeforeEach
	void connectOverTcp() {
		int port = application.getBean(GrpcServerLifecycle.class).getPort();
		this.tcpChannel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.tcpChannel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void applicationsGrpcServerServesTheApplicationsOwnService() {
		assertThat(ClientCalls.blockingUnaryCall(this.tcpChannel, GREET, CallOptions.DEFAULT, "numaflow"))
			.isEqualTo("hello numaflow");
	}

	@Test
	void applicationsGrpcServerDoesNotExposeTheReduceService() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> ReduceGrpc.newBlockingStub(this.tcpChannel).isReady(Empty.getDefaultInstance()))
			.satisfies((ex) -> {
				// "Method not found": the service is absent, not merely a stub of it.
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
				assertThat(ex.getStatus().getDescription()).startsWith("Method not found: reduce.v1.Reduce/");
			});
	}

	@Test
	void reduceStreamServerServesTheReduceServiceOnItsSocket() throws Exception {
		ReduceStreamServer server = application.getBean(ReduceStreamServer.class);
		assertThat(OneWindow.reduce(server, "a").resultValues()).containsExactly("a");
	}

	@Test
	void reduceStreamServerIsReadyOnItsSocket() {
		try (ReduceClient client = ReduceClient.connect(directory.resolve("rs.sock"))) {
			assertThat(client.blocking().isReady(Empty.getDefaultInstance()).getReady()).isTrue();
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class CoexistingApplication {

		@Bean
		BindableService greeter() {
			return () -> ServerServiceDefinition.builder("coexistence.v1.Greeter")
				.addMethod(GREET, ServerCalls.asyncUnaryCall((name, response) -> {
					response.onNext("hello " + name);
					response.onCompleted();
				}))
				.build();
		}

		@Bean
		@ReduceStreamerBean
		ReduceStreamer echoStreamer() {
			return new TestStreamers.EchoStreamer();
		}

	}

	/** Strings as UTF-8 bytes: the application's own service needs no generated code. */
	enum Utf8Marshaller implements MethodDescriptor.Marshaller<String> {

		INSTANCE;

		@Override
		public InputStream stream(String value) {
			return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
		}

		@Override
		public String parse(InputStream stream) {
			try {
				return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
