package dev.numaflow.reducestream.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.EchoStreamer;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.ThreadNameStreamer;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.TickingStreamer;
import dev.numaflow.reducestream.errors.CriticalErrors;
import dev.numaflow.reducestream.server.ManualTimerClock;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ResponseRecorder;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.server.ReduceStreamServerSettings;
import dev.numaflow.reducestream.server.StreamerThreads;
import dev.numaflow.reducestream.transport.Transport;
import dev.numaflow.reducestream.serverinfo.ServerInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ReduceStreamAutoConfiguration}: when it applies, what users can
 * replace, and how start-up fails without exactly one {@code @ReduceStreamerBean}. The
 * per-key-set lifecycle of the streamer is in {@link ReduceStreamerBeanTests}.
 */
class ReduceStreamAutoConfigurationTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReduceStreamAutoConfiguration.class))
			.withPropertyValues("numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"));
	}

	@Test
	void serverListensOnTheConfiguredSocketPath() {
		runner().withUserConfiguration(EchoStreamer.class)
			.run((context) -> assertThat(this.directory.resolve("rs.sock")).exists());
	}

	@Test
	void criticalErrorsGoUnderTheConfiguredPathInTheContainerTypesDirectory() {
		runner().withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.application-errors-path=" + this.directory.resolve("errors"),
					"NUMAFLOW_UD_CONTAINER_TYPE=udf")
			.run((context) -> assertThat(context.getBean(CriticalErrors.class).containerDirectory())
				.isEqualTo(this.directory.resolve("errors/udf")));
	}

	@Test
	void criticalErrorsDefaultToThePlatformsDirectoryAndAnUnknownContainer() {
		runner().withUserConfiguration(EchoStreamer.class)
			.run((context) -> assertThat(context.getBean(CriticalErrors.class).containerDirectory())
				.isEqualTo(Path.of("/var/numaflow/runtime/application-errors/unknown-container")));
	}

	@Test
	void userDefinedCriticalErrorsReplaceTheAutoConfiguredOnes() {
		CriticalErrors own = new CriticalErrors(this.directory, "own");
		runner().withUserConfiguration(EchoStreamer.class)
			.withBean(CriticalErrors.class, () -> own)
			.run((context) -> assertThat(context.getBean(CriticalErrors.class)).isSameAs(own));
	}

	@Test
	void aTimerClockBeanDrivesTheStreamersTimers() {
		ManualTimerClock clock = new ManualTimerClock();
		runner().withUserConfiguration(TickingStreamer.class)
			.withBean(ManualTimerClock.class, () -> clock)
			.run((context) -> {
				try (ReduceClient client = ReduceClient.connect(this.directory.resolve("rs.sock"))) {
					ResponseRecorder recorder = new ResponseRecorder();
					client.async()
						.reduceFn(recorder)
						.onNext(ReduceClient.open(ReduceClient.window(0, 60_000), List.of("a"), "x"));
					await().atMost(Duration.ofSeconds(20)).until(() -> clock.untilNextTimer() != null);
					assertThat(clock.advance(Duration.ofSeconds(1))).isOne();
					await().atMost(Duration.ofSeconds(20)).until(() -> recorder.resultValues().contains("tick"));
				}
			});
	}

	@Test
	void backsOffWhenDisabled() {
		runner().withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReduceStreamServer.class));
	}

	@Test
	void needsNoReduceStreamerBeanWhenDisabled() {
		runner().withPropertyValues("numaflow.reducestream.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void backsOffWithoutGrpcNetty() {
		runner().withUserConfiguration(EchoStreamer.class)
			.withClassLoader(new FilteredClassLoader(NettyServerBuilder.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReduceStreamServer.class));
	}

	@Test
	void userDefinedReduceStreamServerReplacesTheAutoConfiguredOne() {
		ReduceStreamServer own = ownServer();
		runner().withUserConfiguration(EchoStreamer.class)
			.withBean(ReduceStreamServer.class, () -> own)
			.run((context) -> assertThat(context).getBean(ReduceStreamServer.class).isSameAs(own));
	}

	@Test
	void userDefinedReduceStreamServerNeedsNoReduceStreamerBean() {
		ReduceStreamServer own = ownServer();
		runner().withBean(ReduceStreamServer.class, () -> own).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void userDefinedServerInfoIsWrittenToTheServerInfoFile() {
		ServerInfo own = new ServerInfo("uds", "java", "1.4.0-z", "0.11.0", Map.of("owner", "the-application"));
		runner().withUserConfiguration(EchoStreamer.class)
			.withBean(ServerInfo.class, () -> own)
			.run((context) -> assertThat(this.directory.resolve("server-info")).content()
				.contains("\"owner\":\"the-application\""));
	}

	@Test
	void userDefinedReduceStreamerFactoryCreatesTheStreamers() {
		ReduceStreamerFactory own = (metadata) -> ReduceStreamer.of((datum, output, keySet) -> {
		}, (output, keySet) -> output.send(Message.of("from the application's factory", keySet.keys())));
		runner().withBean(ReduceStreamerFactory.class, () -> own)
			.run((context) -> assertThat(
					OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a").resultValues())
				.containsExactly("from the application's factory"));
	}

	@Test
	void maxMessageSizeLimitsTheRequestsTheServerAccepts() {
		runner().withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.max-message-size=1KB")
			.run((context) -> assertThat(OneWindow.statusAfterOneDatum(context.getBean(ReduceStreamServer.class), 2048))
				.isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
	}

	@Test
	void maxThreadsSetsTheNumberOfHandlerThreads() {
		runner().withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.max-threads=3")
			.run((context) -> assertThat(ReduceStreamServerSettingsMapper
				.map(context.getBean(ReduceStreamProperties.class), context.getEnvironment())
				.handlerThreads()).isEqualTo(3));
	}

	@Test
	void transportBufferSetsTheResultBytesTheTransportMayHold() {
		runner().withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.transport-buffer=1MB")
			.run((context) -> assertThat(ReduceStreamServerSettingsMapper
				.map(context.getBean(ReduceStreamProperties.class), context.getEnvironment())
				.transportBuffer()).isEqualTo(1024 * 1024));
	}

	@Test
	void streamersRunOnTheHandlerPoolByDefault() {
		runner().withUserConfiguration(ThreadNameStreamer.class).run((context) -> {
			ReduceStreamServer server = context.getBean(ReduceStreamServer.class);
			assertThat(OneWindow.reduce(server, "a", "b", "a").resultValues()).hasSize(3)
				.allSatisfy((thread) -> assertThat(thread).startsWith("reducestream-handler-"));
		});
	}

	@Test
	void streamerThreadsTransportRunsTheStreamerOnTheTransportThread() {
		runner().withUserConfiguration(ThreadNameStreamer.class)
			.withPropertyValues("numaflow.reducestream.streamer-threads=transport")
			.run((context) -> {
				ReduceStreamServer server = context.getBean(ReduceStreamServer.class);
				assertThat(ReduceStreamServerSettingsMapper
					.map(context.getBean(ReduceStreamProperties.class), context.getEnvironment())
					.streamerThreads()).isEqualTo(StreamerThreads.TRANSPORT);
				assertThat(OneWindow.reduce(server, "a", "b", "a").resultValues()).hasSize(3)
					.allSatisfy((thread) -> assertThat(thread).startsWith("reducestream-transport-"));
			});
	}

	@Test
	void transportNamesHowTheServerServesTheSocket() {
		runner().withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.transport=nio")
			.run((context) -> {
				ReduceStreamServer server = context.getBean(ReduceStreamServer.class);
				assertThat(server.getTransport()).isEqualTo(Transport.NIO);
				assertThat(OneWindow.statusAfterOneDatum(server, 16)).isEqualTo(Status.Code.OK);
			});
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void autoTransportIsEpollOnLinux() {
		runner().withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.transport=auto")
			.run((context) -> assertThat(context.getBean(ReduceStreamServer.class).getTransport())
				.isEqualTo(Transport.EPOLL));
	}

	@Test
	void failsToStartWithoutAReduceStreamerBean() {
		runner().run((context) -> assertThat(context).getFailure()
			.rootCause()
			.isInstanceOf(ReduceStreamerBeanException.class));
	}

	@Test
	void failsToStartWithTwoReduceStreamerBeans() {
		runner().withUserConfiguration(TwoStreamersConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(ReduceStreamerBeanException.class));
	}

	@Test
	void failsToStartWhenTheAnnotatedBeanIsNotAReduceStreamer() {
		runner().withUserConfiguration(NotAStreamerConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'notAStreamer' is annotated with @ReduceStreamerBean"));
	}

	@Test
	void failsToStartWhenTheAnnotatedBeanIsASingleton() {
		runner().withUserConfiguration(SingletonStreamerConfiguration.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'sharedStreamer' is not prototype-scoped"));
	}

	private ReduceStreamServer ownServer() {
		return new ReduceStreamServer(
				new ReduceStreamServerSettings(this.directory.resolve("own.sock"), this.directory.resolve("own-info"),
						1024 * 1024, 1, 1, 16, 16, Duration.ofSeconds(1), "udf"),
				(metadata) -> new EchoStreamer(), ServerInfo.forThisStarter());
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoStreamersConfiguration {

		@Bean
		@ReduceStreamerBean
		ReduceStreamer firstStreamer() {
			return new EchoStreamer();
		}

		@Bean
		@ReduceStreamerBean
		ReduceStreamer secondStreamer() {
			return new EchoStreamer();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SingletonStreamerConfiguration {

		@Bean
		@ReduceStreamerBean
		@Scope(BeanDefinition.SCOPE_SINGLETON)
		ReduceStreamer sharedStreamer() {
			return new EchoStreamer();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NotAStreamerConfiguration {

		@Bean
		@ReduceStreamerBean
		List<String> notAStreamer() {
			return List.of("not a streamer");
		}

	}

}
