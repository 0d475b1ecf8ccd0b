package dev.numaflow.reducestream.server;

import java.util.HashSet;
import java.util.Set;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.DebugInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import dev.numaflow.reducestream.errors.CriticalError;

/**
 * Builds the statuses a stream ends with when something goes wrong.
 */
final class ErrorStatuses {

	/**
	 * The status travels in HTTP/2 trailers, which clients limit (grpc-java to 8 KiB by
	 * default): a deep stack or a long exception message must not turn the user's error
	 * into the client's "header list too large". The details are base64-encoded on the
	 * wire, a third larger; these limits keep the whole trailer under 8 KiB.
	 */
	static final int MAX_STACK_TRACE = 4096;

	static final int MAX_MESSAGE = 1024;

	private static final String TRUNCATED = "... (truncated)";

	private ErrorStatuses() {
	}

	/** The text cut to at most {@code max} characters, saying so where it was cut. */
	static String truncated(String text, int max) {
		if (text.length() <= max) {
			return text;
		}
		return text.substring(0, max - TRUNCATED.length()) + TRUNCATED;
	}

	/**
	 * The status the platform expects when user code fails: {@code INTERNAL}, a message
	 * starting with {@code UDF_EXECUTION_ERROR(<container type>)}, and a
	 * {@code google.rpc.DebugInfo} with the stack trace.
	 */
	static StatusRuntimeException udfExecutionError(String containerType, Throwable thrown) {
		CriticalError error = criticalError(containerType, thrown);
		DebugInfo debugInfo = DebugInfo.newBuilder().setDetail(truncated(error.details(), MAX_STACK_TRACE)).build();
		com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
			.setCode(Code.INTERNAL.getNumber())
			.setMessage(error.message())
			.addDetails(Any.pack(debugInfo))
			.build();
		return StatusProto.toStatusRuntimeException(status);
	}

	/**
	 * What {@link #udfExecutionError} tells the stream, as a critical error: the same
	 * code (named as the platform names it) and message, and the stack trace with more
	 * room than the status has.
	 */
	static CriticalError criticalError(String containerType, Throwable thrown) {
		Throwable cause = Throwables.describable(thrown);
		String message = truncated("UDF_EXECUTION_ERROR(" + containerType + "): " + cause, MAX_MESSAGE);
		return new CriticalError(platformName(Status.Code.INTERNAL), message, stackTrace(cause));
	}

	/**
	 * The name the platform gives a status code in the entries it persists: the
	 * description of its gRPC library (tonic's {@code Code} as text), which the SDKs
	 * follow with {@code "Internal error"}.
	 */
	static String platformName(Status.Code code) {
		return switch (code) {
			case OK -> "The operation completed successfully";
			case CANCELLED -> "The operation was cancelled";
			case UNKNOWN -> "Unknown error";
			case INVALID_ARGUMENT -> "Client specified an invalid argument";
			case DEADLINE_EXCEEDED -> "Deadline expired before operation could complete";
			case NOT_FOUND -> "Some requested entity was not found";
			case ALREADY_EXISTS -> "Some entity that we attempted to create already exists";
			case PERMISSION_DENIED -> "The caller does not have permission to execute the specified operation";
			case RESOURCE_EXHAUSTED -> "Some resource has been exhausted";
			case FAILED_PRECONDITION -> "The system is not in a state required for the operation's execution";
			case ABORTED -> "The operation was aborted";
			case OUT_OF_RANGE -> "Operation was attempted past the valid range";
			case UNIMPLEMENTED -> "Operation is not implemented or not supported";
			case INTERNAL -> CriticalError.INTERNAL_ERROR;
			case UNAVAILABLE -> "The service is currently unavailable";
			case DATA_LOSS -> "Unrecoverable data loss or corruption";
			case UNAUTHENTICATED -> "The request does not have valid authentication credentials";
		};
	}

	static StatusRuntimeException invalidArgument(String description) {
		return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
	}

	static String stackTrace(Throwable throwable) {
		StringBuilder trace = new StringBuilder();
		Set<Throwable> seen = new HashSet<>();
		Throwable current = throwable;
		String prefix = "";
		while (current != null && seen.add(current)) {
			trace.append(prefix).append(current).append('\n');
			for (StackTraceElement element : current.getStackTrace()) {
				trace.append("\tat ").append(element).append('\n');
			}
			prefix = "Caused by: ";
			current = current.getCause();
		}
		return trace.toString();
	}

}
