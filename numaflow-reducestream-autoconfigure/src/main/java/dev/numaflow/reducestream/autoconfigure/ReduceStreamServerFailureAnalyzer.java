package dev.numaflow.reducestream.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.numaflow.reducestream.server.ReduceStreamServerException;

/**
 * Reports a reduce stream server that could not start (a socket directory that does not
 * exist, a path the transport cannot take, a server-info file that cannot be written) as
 * Spring Boot reports a failed start-up, instead of a stack trace that buries the
 * message.
 */
class ReduceStreamServerFailureAnalyzer extends AbstractFailureAnalyzer<ReduceStreamServerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ReduceStreamServerException cause) {
		return new FailureAnalysis("The Numaflow reduce stream server could not start: " + cause.getMessage(),
				"Change what the description names. The server's own settings are numaflow.reducestream.socket-path,"
						+ " numaflow.reducestream.server-info-path and numaflow.reducestream.transport; on Numaflow"
						+ " the platform mounts /var/run/numaflow for them.",
				cause);
	}

}
