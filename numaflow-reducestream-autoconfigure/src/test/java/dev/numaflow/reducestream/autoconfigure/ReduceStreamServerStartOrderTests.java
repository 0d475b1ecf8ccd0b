package dev.numaflow.reducestream.autoconfigure;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import jakarta.servlet.ServletContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.SmartLifecycle;

import dev.numaflow.reducestream.autoconfigure.TestStreamers.EchoStreamer;
import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.server.ReduceClient;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.server.ReduceStreamServerException;
import dev.numaflow.reducestream.server.ResponseRecorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server binds, and writes its server-info file, before the web server starts, and
 * stops (draining) before the web server stops: a lifecycle bean in the web server's
 * phase stands in for it and records what it sees.
 */
class ReduceStreamServerStartOrderTests {

	/** Spring Boot's {@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}. */
	static final int WEB_SERVER_PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	@TempDir
	Path directory;

	@Test
	void bindsBeforeTheWebServerStartsAndStopsBeforeItStops() {
		List<String> seen = new ArrayList<>();
		Path serverInfo = this.directory.resolve("server-info");
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ReduceStreamAutoConfiguration.class))
			.withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + serverInfo)
			.withBean("webServerStandIn", WebServerStandIn.class, () -> new WebServerStandIn(seen, serverInfo))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ReduceStreamServer.class).isRunning()).isTrue();
				assertThat(seen).containsExactly("web server starts: server-info written");
				context.close();
				assertThat(seen).containsExactly("web server starts: server-info written",
						"web server stops: server-info removed");
			});
	}

	@Test
	void withAnEmbeddedTomcatBindsBeforeTheServletContextIsInitialized() {
		List<String> seen = new ArrayList<>();
		Path serverInfo = this.directory.resolve("server-info");
		tomcat(seen, serverInfo).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(ReduceStreamServerWebServerStart.class);
			assertThat(seen).containsExactly("servlet context initialized: server-info written",
					"web server starts: server-info written");
			assertThat(context.getBean(ReduceStreamServer.class).isRunning()).isTrue();
		});
	}

	@Test
	void theSigtermHandlerIsInstalledBeforeTheBind() {
		List<String> seen = new ArrayList<>();
		Path serverInfo = this.directory.resolve("server-info");
		tomcat(seen, serverInfo).withPropertyValues("numaflow.reducestream.shutdown.exit-zero-on-sigterm=true")
			.withBean("sigtermRecorder", SigtermRecorder.class, () -> new SigtermRecorder(seen))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(seen).contains("servlet context initialized: server-info written",
						"servlet context initialized: SIGTERM handler installed");
			});
	}

	@Test
	void withBindBeforeWebServerOffBindsWhenTheLifecycleStarts() {
		List<String> seen = new ArrayList<>();
		Path serverInfo = this.directory.resolve("server-info");
		tomcat(seen, serverInfo).withPropertyValues("numaflow.reducestream.bind-before-web-server=false")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(ReduceStreamServerWebServerStart.class);
				assertThat(seen).containsExactly("servlet context initialized: server-info absent",
						"web server starts: server-info written");
			});
	}

	@Test
	void aBindThatFailsBeforeTheWebServerFailsStartUpWithTheReasonAndNoWebServer() throws Exception {
		List<String> seen = new ArrayList<>();
		Path serverInfo = this.directory.resolve("server-info");
		Path notADirectory = Files.createFile(this.directory.resolve("not-a-directory"));
		tomcat(seen, serverInfo)
			.withPropertyValues("numaflow.reducestream.socket-path=" + notADirectory.resolve("rs.sock"))
			.run((context) -> {
				assertThat(context).hasFailed();
				List<Throwable> chain = new ArrayList<>();
				for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
					chain.add(cause);
				}
				assertThat(chain).filteredOn(ReduceStreamServerException.class::isInstance)
					.first()
					.extracting(Throwable::getMessage)
					.asString()
					.contains(notADirectory.toString());
				assertThat(seen).as("the servlet context was never initialized").isEmpty();
				assertThat(serverInfo).doesNotExist();
			});
	}

	@Test
	void aWebServerThatFailsToStartAfterTheBindStopsTheServerAndRemovesItsFiles() throws Exception {
		List<String> seen = new ArrayList<>();
		Path serverInfo = this.directory.resolve("server-info");
		Path socket = this.directory.resolve("rs.sock");
		try (ServerSocket taken = new ServerSocket(0)) {
			tomcat(seen, serverInfo).withPropertyValues("server.port=" + taken.getLocalPort()).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(seen).containsExactly("servlet context initialized: server-info written",
						"web server starts: server-info written", "web server stops: server-info removed");
				assertThat(serverInfo).doesNotExist();
				assertThat(socket).doesNotExist();
			});
		}
	}

	@Test
	void aSingletonThatFailsAfterTheBindStopsTheServerAndRemovesItsFiles() {
		List<String> seen = new ArrayList<>();
		Path serverInfo = this.directory.resolve("server-info");
		Path socket = this.directory.resolve("rs.sock");
		tomcat(seen, serverInfo).withBean("failingSingleton", StringBuilder.class, () -> {
			throw new IllegalStateException("a singleton created after the bind fails");
		}).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(seen).as("bound, then the context failed before any lifecycle bean started")
				.containsExactly("servlet context initialized: server-info written");
			assertThat(serverInfo).doesNotExist();
			assertThat(socket).doesNotExist();
		});
	}

	@Test
	void aSingletonAStreamerNeedsIsCreatedOnAHandlerThreadWhileTheContextIsStillStarting() throws Exception {
		Path serverInfo = this.directory.resolve("server-info");
		CountDownLatch gateEntered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<String> greeterThread = new AtomicReference<>();
		// The gate, a singleton created after the bind, holds the main thread in the
		// middle of the context's start; the greeter, registered after it, is not created
		// yet when the first datum arrives.
		WebApplicationContextRunner runner = tomcat(new ArrayList<>(), serverInfo, LateSingletonStreamer.class)
			.withBean("gate", StringBuilder.class, () -> {
				gateEntered.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return new StringBuilder();
			})
			.withBean(Greeter.class, () -> new Greeter(greeterThread));
		CompletableFuture<Void> application = CompletableFuture
			.runAsync(() -> runner.run((context) -> assertThat(context).hasNotFailed()));
		try {
			assertThat(gateEntered.await(60, TimeUnit.SECONDS)).isTrue();
			assertThat(serverInfo).exists();
			assertThat(greeterThread.get()).as("not created before the first datum").isNull();
			try (ReduceClient client = ReduceClient.connect(this.directory.resolve("rs.sock"))) {
				ResponseRecorder recorder = new ResponseRecorder();
				StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
				requests.onNext(ReduceClient.open(ReduceClient.window(60_000, 120_000), List.of("a"), "x"));
				requests.onCompleted();
				assertThat(recorder.awaitEnd(Duration.ofSeconds(20)).getCode()).isEqualTo(Status.Code.OK);
				assertThat(recorder.resultValues()).containsExactly("hello a");
			}
			assertThat(greeterThread.get()).startsWith("reducestream-handler");
			assertThat(gateEntered.getCount()).isZero();
		}
		finally {
			release.countDown();
		}
		application.get(60, TimeUnit.SECONDS);
	}

	private WebApplicationContextRunner tomcat(List<String> seen, Path serverInfo) {
		return tomcat(seen, serverInfo, EchoStreamer.class);
	}

	/**
	 * A servlet web application on a real Tomcat (any free port), configured by Spring
	 * Boot's own auto-configuration, that records the order.
	 */
	private WebApplicationContextRunner tomcat(List<String> seen, Path serverInfo, Class<?> streamer) {
		return new WebApplicationContextRunner(AnnotationConfigServletWebServerApplicationContext::new)
			.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
					ReduceStreamAutoConfiguration.class))
			.withUserConfiguration(streamer)
			.withPropertyValues("server.port=0", "numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + serverInfo)
			.withBean("servletContextRecorder", ServletContextInitializer.class,
					() -> (servletContext) -> seen.add("servlet context initialized: server-info "
							+ (Files.exists(serverInfo) ? "written" : "absent")))
			.withBean("webServerStandIn", WebServerStandIn.class, () -> new WebServerStandIn(seen, serverInfo));
	}

	@Test
	void startsAndStopsTheServerOnceThroughTheLifecycle() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ReduceStreamAutoConfiguration.class))
			.withUserConfiguration(EchoStreamer.class)
			.withPropertyValues("numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"))
			.run((context) -> {
				ReduceStreamServerEarlyStart early = context.getBean(ReduceStreamServerEarlyStart.class);
				ReduceStreamServerLifecycle lifecycle = context.getBean(ReduceStreamServerLifecycle.class);
				assertThat(early.getPhase()).isLessThan(WEB_SERVER_PHASE);
				assertThat(lifecycle.getPhase()).isGreaterThan(WEB_SERVER_PHASE);
				assertThat(early.isRunning()).isTrue();
				lifecycle.stop();
				assertThat(early.isRunning()).isFalse();
				assertThat(context.getBean(ReduceStreamServer.class).getState())
					.isEqualTo(ReduceStreamServer.State.STOPPED);
			});
	}

	/** A singleton that records the thread that created it. */
	static final class Greeter {

		Greeter(AtomicReference<String> createdOn) {
			createdOn.set(Thread.currentThread().getName());
		}

		String greet(String key) {
			return "hello " + key;
		}

	}

	/**
	 * Greets each key with a singleton injected into a field: Spring's own per-instance
	 * path, which resolves the field when a key set's streamer is created.
	 */
	@ReduceStreamerBean
	static class LateSingletonStreamer implements ReduceStreamer {

		@Autowired
		@SuppressWarnings("NullAway.Init")
		private Greeter greeter;

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			output.send(Message.of(this.greeter.greet(metadata.keys().get(0)), metadata.keys()));
		}

	}

	/**
	 * Records, when the servlet context is initialized (after the bind), whether the
	 * SIGTERM handler exists.
	 */
	static final class SigtermRecorder implements ServletContextInitializer, BeanFactoryAware {

		private final List<String> seen;

		private @Nullable ConfigurableListableBeanFactory beanFactory;

		SigtermRecorder(List<String> seen) {
			this.seen = seen;
		}

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
		}

		@Override
		public void onStartup(ServletContext servletContext) {
			ConfigurableListableBeanFactory factory = this.beanFactory;
			boolean installed = factory != null
					&& factory.getBeanNamesForType(SigtermExit.class, false, false).length == 1
					&& factory.containsSingleton(factory.getBeanNamesForType(SigtermExit.class, false, false)[0]);
			this.seen.add("servlet context initialized: SIGTERM handler " + (installed ? "installed" : "absent"));
		}

	}

	/**
	 * Records whether the server-info file exists when the web server would start and
	 * stop.
	 */
	static final class WebServerStandIn implements SmartLifecycle {

		private final List<String> seen;

		private final Path serverInfo;

		private boolean running;

		WebServerStandIn(List<String> seen, Path serverInfo) {
			this.seen = seen;
			this.serverInfo = serverInfo;
		}

		@Override
		public void start() {
			this.seen.add("web server starts: server-info " + (Files.exists(this.serverInfo) ? "written" : "absent"));
			this.running = true;
		}

		@Override
		public void stop() {
			this.seen.add("web server stops: server-info " + (Files.exists(this.serverInfo) ? "present" : "removed"));
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return WEB_SERVER_PHASE;
		}

	}

}
