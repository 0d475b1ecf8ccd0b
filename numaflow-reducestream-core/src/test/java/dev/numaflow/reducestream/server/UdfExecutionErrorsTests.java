package dev.numaflow.reducestream.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

import dev.numaflow.reducestream.errors.CriticalError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The critical error of a user-code failure says what the failing stream's status says,
 * with the platform's name of its code and more of the stack trace.
 */
class UdfExecutionErrorsTests {

	@Test
	void theCodeIsThePlatformsNameOfInternal() {
		assertThat(UdfExecutionErrors.of("udf", new IllegalStateException("boom")).code()).isEqualTo("Internal error");
		assertThat(ErrorStatuses.platformName(Status.Code.INTERNAL)).isEqualTo(CriticalError.INTERNAL_ERROR);
		assertThat(ErrorStatuses.platformName(Status.Code.UNAVAILABLE))
			.isEqualTo("The service is currently unavailable");
	}

	@Test
	void theMessageIsTheStatusMessage() {
		IllegalStateException cause = new IllegalStateException("boom");
		StatusRuntimeException status = ErrorStatuses.udfExecutionError("udf", cause);
		CriticalError error = UdfExecutionErrors.of("udf", cause);
		assertThat(error.message()).isEqualTo(status.getStatus().getDescription())
			.isEqualTo("UDF_EXECUTION_ERROR(udf): java.lang.IllegalStateException: boom");
		assertThat(StatusProto.fromThrowable(status).getCode()).isEqualTo(Status.Code.INTERNAL.value());
	}

	@Test
	void theDetailsAreTheStackTraceWithMoreRoomThanTheStatusHas() {
		IllegalStateException cause = deep(200);
		CriticalError error = UdfExecutionErrors.of("udf", cause);
		assertThat(error.details()).startsWith("java.lang.IllegalStateException: deep\n\tat ")
			.hasSizeGreaterThan(ErrorStatuses.MAX_STACK_TRACE * 3);
	}

	@Test
	void anExceptionThatCannotBeDescribedIsNamedByAStandIn() {
		RuntimeException undescribable = new RuntimeException() {

			@Override
			public String getMessage() {
				throw new UnsupportedOperationException("no");
			}

		};
		assertThat(UdfExecutionErrors.of("udf", undescribable).message()).startsWith("UDF_EXECUTION_ERROR(udf): ")
			.contains("it cannot be described");
	}

	private static IllegalStateException deep(int depth) {
		if (depth == 0) {
			return new IllegalStateException("deep");
		}
		return deep(depth - 1);
	}

}
