package dev.numaflow.reducestream.server;

import dev.numaflow.reducestream.errors.CriticalError;

/**
 * The critical error that describes a reduce streamer's failure, for a fail-fast policy
 * to persist before the process exits.
 */
public final class UdfExecutionErrors {

	private UdfExecutionErrors() {
	}

	/**
	 * The critical error for a failure of user code, as the failing stream's status says
	 * it: the code {@value CriticalError#INTERNAL_ERROR} (the platform's name of
	 * {@code INTERNAL}), the message {@code UDF_EXECUTION_ERROR(<container type>): ...},
	 * and the stack trace as details (up to {@value CriticalError#MAX_DETAILS_BYTES}
	 * bytes, where the status has room for less). Never throws for an exception that
	 * cannot be described: a stand-in names its class.
	 * @param containerType the container type the server names in its statuses
	 * @param cause what the user's code threw
	 * @return the critical error
	 */
	public static CriticalError of(String containerType, Throwable cause) {
		return ErrorStatuses.criticalError(containerType, cause);
	}

}
