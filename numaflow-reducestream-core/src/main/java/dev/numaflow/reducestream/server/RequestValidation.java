package dev.numaflow.reducestream.server;

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

}
