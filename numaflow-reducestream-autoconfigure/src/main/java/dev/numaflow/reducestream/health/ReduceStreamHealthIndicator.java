package dev.numaflow.reducestream.health;

import java.nio.file.Files;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.numaflow.reducestream.server.ReduceStreamServer;

/**
 * Health of the reduce stream server: up while it is bound and its server-info file is
 * written; down before start, while stopping, after stop, and after a fatal failure of
 * user code.
 */
public class ReduceStreamHealthIndicator extends AbstractHealthIndicator {

	private final ReduceStreamServer server;

	/**
	 * Creates an instance.
	 * @param server the server to report on
	 */
	public ReduceStreamHealthIndicator(ReduceStreamServer server) {
		super("Reduce stream health check failed");
		this.server = server;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ReduceStreamServer.State state = this.server.getState();
		builder.withDetail("state", state)
			.withDetail("socketPath", this.server.getSocketPath().toString())
			.withDetail("serverInfoPath", this.server.getServerInfoPath().toString())
			.withDetail("activeStreams", this.server.getActiveStreams());
		if (state == ReduceStreamServer.State.RUNNING && Files.isRegularFile(this.server.getServerInfoPath())) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

}
