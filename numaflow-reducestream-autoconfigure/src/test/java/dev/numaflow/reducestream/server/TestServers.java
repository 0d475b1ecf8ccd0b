package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;

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

	public static ReduceStreamServer start(ReduceStreamServerSettings settings, ReduceStreamerFactory factory) {
		ReduceStreamServer server = new ReduceStreamServer(settings, factory, ServerInfo.forThisStarter());
		server.start();
		return server;
	}

}
