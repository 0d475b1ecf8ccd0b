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

	private ErrorStatuses() {
	}

	/**
	 * The status the platform expects when user code fails: {@code INTERNAL}, a message
	 * starting with {@code UDF_EXECUTION_ERROR(<container type>)}, and a
	 * {@code google.rpc.DebugInfo} with the stack trace.
	 */
	static StatusRuntimeException udfExecutionError(String containerType, Throwable cause) {
		String message = "UDF_EXECUTION_ERROR(" + containerType + "): " + cause;
		DebugInfo debugInfo = DebugInfo.newBuilder().setDetail(stackTrace(cause)).build();
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
