package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.serverinfo.ServerInfo;

/**
 * Builds servers for tests: short socket paths under a temporary directory, small limits
 * when a test asks.
 */
public final class TestServers {

	private TestServers() {
	}

	public static ReduceStreamServerSettings settings(Path directory) {
		return settings(directory, 4, 1024, 1024);
	}

	public static ReduceStreamServerSettings settings(Path directory, int handlerThreads, int maxPendingDatums,
			int maxPendingResults) {
		return new ReduceStreamServerSettings(directory.resolve("rs.sock"), directory.resolve("server-info"),
				64 * 1024 * 1024, handlerThreads, 1, maxPendingDatums, maxPendingResults, Duration.ofSeconds(5),
				"unknown-container");
	}

	public static ReduceStreamServerSettings withSocketAccess(ReduceStreamServerSettings settings, String permissions,
			@Nullable String group) {
		return new ReduceStreamServerSettings(settings.socketPath(), settings.serverInfoPath(),
				settings.maxMessageSize(), settings.handlerThreads(), settings.eventLoopThreads(),
				settings.maxPendingDatums(), settings.maxPendingResults(), settings.gracePeriod(),
				settings.containerType(), settings.idleWarning(),
				ReduceStreamServerSettings.socketPermissions(permissions), group);
	}

	public static ReduceStreamServer start(ReduceStreamServerSettings settings, ReduceStreamerFactory factory) {
		ReduceStreamServer server = new ReduceStreamServer(settings, factory, ServerInfo.forThisStarter());
		server.start();
		return server;
	}

}
