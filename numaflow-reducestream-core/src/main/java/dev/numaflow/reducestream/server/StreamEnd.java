package dev.numaflow.reducestream.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.server.ReduceStreamListener.ErrorKind;
import dev.numaflow.reducestream.server.ReduceStreamListener.Outcome;

/** Why a stream ended: each way once, through {@code WindowStream}'s one end path. */
enum StreamEnd {

	/** Every key set finished after the half-close: EOFs, then OK. */
	COMPLETED(Outcome.OK, null),

	/**
	 * The user's code threw: {@code INTERNAL UDF_EXECUTION_ERROR}, and the failure
	 * policy.
	 */
	HANDLER_FAILED(Outcome.ERROR, ErrorKind.HANDLER),

	/** A request broke the protocol: {@code INVALID_ARGUMENT} naming the problem. */
	PROTOCOL(Outcome.ERROR, ErrorKind.PROTOCOL),

	/** The client cancelled: nothing more is written. */
	CANCELLED(Outcome.CANCELLED, null),

	/** The handler pool refused work, as the server stops: {@code UNAVAILABLE}. */
	STOPPING(Outcome.CANCELLED, null),

	/** The call refused a response: {@code INTERNAL}, if it still takes a status. */
	WRITE_FAILED(Outcome.ERROR, ErrorKind.RUNTIME),

	/** A fault outside the user's code (a defect, a JVM error): {@code INTERNAL}. */
	RUNTIME_FAULT(Outcome.ERROR, ErrorKind.RUNTIME);

	private final Outcome outcome;

	private final @Nullable ErrorKind errorKind;

	StreamEnd(Outcome outcome, @Nullable ErrorKind errorKind) {
		this.outcome = outcome;
		this.errorKind = errorKind;
	}

	Outcome outcome() {
		return this.outcome;
	}

	@Nullable ErrorKind errorKind() {
		return this.errorKind;
	}

	/**
	 * What the call is told, besides the EOFs of a completed stream.
	 * @return the status, or {@code null} to write nothing more
	 */
	@Nullable StatusRuntimeException status(String containerType, @Nullable Throwable cause, @Nullable String problem) {
		Throwable described = (cause != null) ? cause : new IllegalStateException("unknown cause");
		return switch (this) {
			case COMPLETED, CANCELLED -> null;
			case HANDLER_FAILED -> ErrorStatuses.udfExecutionError(containerType, described);
			case PROTOCOL -> ErrorStatuses.invalidArgument(String.valueOf(problem));
			case STOPPING ->
				Status.UNAVAILABLE.withDescription("The reduce stream server is shutting down").asRuntimeException();
			case WRITE_FAILED,
					RUNTIME_FAULT ->
				Status.INTERNAL.withDescription("The reduce stream server failed: " + described)
					.withCause(cause)
					.asRuntimeException();
		};
	}

}
