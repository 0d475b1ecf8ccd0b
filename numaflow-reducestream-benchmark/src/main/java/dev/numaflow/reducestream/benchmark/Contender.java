package dev.numaflow.reducestream.benchmark;

import java.io.IOException;

import dev.numaflow.reducestream.transport.Transport;

/**
 * A server the runner measures: its name in the tables, how to start a fresh process of
 * it, and whether its streams carry the {@link LegacyWindowHeaders}.
 *
 * @param name the server's name ({@link Report#OURS}, {@link Report#REFERENCE},
 * {@link Report#SDK})
 * @param starter starts a process of it with extra JVM options
 * @param legacyWindowHeaders whether its client adds the legacy window headers
 * @param clientTransport the transport its client connects through
 * @param traceContext whether its datums carry a sampled trace context in their metadata
 */
record Contender(String name, Starter starter, boolean legacyWindowHeaders, Transport clientTransport,
		boolean traceContext) {

	ServerProcess start(String jvmOptions) throws IOException {
		return this.starter.start(jvmOptions);
	}

	boolean isSdk() {
		return this.name.equals(Report.SDK);
	}

	/** The line the runner prints about the SDK's server and how it is driven. */
	String describeSdk() {
		return "sdk: the counter on the official numaflow-java SDK (numaflow-reducestream-benchmark-sdk), every "
				+ "response checked as for the others; "
				+ (this.legacyWindowHeaders
						? "SDK-only: its streams also carry the " + LegacyWindowHeaders.NAME
								+ " x-numaflow-win-start-time/-end-time, which it needs (see BENCHMARKS.md)"
						: "driven exactly as the others, without the legacy window headers");
	}

	LoadGenerator client(ServerProcess server) {
		return new LoadGenerator(server.socket(), this.legacyWindowHeaders, this.clientTransport, this.traceContext);
	}

	/** Starts a server process. */
	@FunctionalInterface
	interface Starter {

		ServerProcess start(String jvmOptions) throws IOException;

	}

}
