package dev.numaflow.reducestream.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;

import dev.numaflow.reducestream.autoconfigure.TestStreamers.EchoStreamer;
import dev.numaflow.reducestream.server.ReduceStreamServer;

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
