package dev.numaflow.reducestream.server;

import java.util.HashSet;
import java.util.Set;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.DebugInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

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
		Throwable cause = Throwables.describable(thrown);
		String message = truncated("UDF_EXECUTION_ERROR(" + containerType + "): " + cause, MAX_MESSAGE);
		DebugInfo debugInfo = DebugInfo.newBuilder().setDetail(truncated(stackTrace(cause), MAX_STACK_TRACE)).build();
		com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
			.setCode(Code.INTERNAL.getNumber())
			.setMessage(message)
			.addDetails(Any.pack(debugInfo))
			.build();
		return StatusProto.toStatusRuntimeException(status);
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
