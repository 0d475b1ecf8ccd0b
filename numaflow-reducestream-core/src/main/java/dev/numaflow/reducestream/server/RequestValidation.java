package dev.numaflow.reducestream.server;

import com.google.protobuf.Timestamp;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest.WindowOperation.Event;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * Checks a request against the shape the platform sends: an operation with exactly one
 * window that has a start and an end not before it, a known event, and a payload on OPEN
 * and APPEND.
 */
final class RequestValidation {

	private RequestValidation() {
	}

	/** Seconds of 0001-01-01T00:00:00Z and of 9999-12-31T23:59:59Z, protobuf's range. */
	private static final long MIN_SECONDS = -62_135_596_800L;

	private static final long MAX_SECONDS = 253_402_300_799L;

	/**
	 * What is wrong with a request.
	 * @return a description naming the problem, or {@code null} if the request is well
	 * formed
	 */
	static @Nullable String problem(ReduceRequest request) {
		if (!request.hasOperation()) {
			return "The request has no operation: every request needs an operation with an event and one window";
		}
		ReduceRequest.WindowOperation operation = request.getOperation();
		Event event = operation.getEvent();
		if (event == Event.UNRECOGNIZED) {
			return "The request has an unknown event " + operation.getEventValue() + ": expected OPEN (0), CLOSE (1)"
					+ " or APPEND (4)";
		}
		int windows = operation.getWindowsCount();
		if (windows != 1) {
			return "The request has " + windows + " windows: a reduce stream request carries exactly one window";
		}
		Window window = operation.getWindows(0);
		if (!window.hasStart() || !window.hasEnd()) {
			return "The request's window has no " + (window.hasStart() ? "end" : "start")
					+ ": a window needs a start and an end";
		}
		if (!inRange(window.getStart()) || !inRange(window.getEnd())) {
			return "The request's window has a " + (inRange(window.getStart()) ? "end" : "start")
					+ " outside the range of a timestamp (0001-01-01 to 9999-12-31, nanos 0 to 999999999)";
		}
		if (window.getEnd().getSeconds() < window.getStart().getSeconds()
				|| (window.getEnd().getSeconds() == window.getStart().getSeconds()
						&& window.getEnd().getNanos() < window.getStart().getNanos())) {
			return "The request's window ends at " + ProtoMapping.instant(window.getEnd()) + ", before it starts at "
					+ ProtoMapping.instant(window.getStart()) + ": a window's end must not be before its start";
		}
		if (event != Event.CLOSE && !request.hasPayload()) {
			return "The " + event + " request has no payload: OPEN and APPEND carry a datum";
		}
		return null;
	}

	private static boolean inRange(Timestamp timestamp) {
		return timestamp.getSeconds() >= MIN_SECONDS && timestamp.getSeconds() <= MAX_SECONDS
				&& timestamp.getNanos() >= 0 && timestamp.getNanos() <= 999_999_999;
	}

}
