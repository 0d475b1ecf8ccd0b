package dev.numaflow.reducestream.tracing;

/** The attributes of a key set's span. */
public final class SpanAttributes {

	/** The window's start, an ISO-8601 instant. */
	public static final String WINDOW_START = "numaflow.window.start";

	/** The window's end, an ISO-8601 instant. */
	public static final String WINDOW_END = "numaflow.window.end";

	/** The key set's keys, a list of strings. */
	public static final String KEYS = "numaflow.keys";

	/** How many datums the key set handled. */
	public static final String DATUMS = "numaflow.reducestream.datums";

	/** How many results the key set sent. */
	public static final String RESULTS = "numaflow.reducestream.results";

	/** How the key set ended: {@code completed}, {@code cancelled} or {@code failed}. */
	public static final String OUTCOME = "numaflow.reducestream.outcome";

	private SpanAttributes() {
	}

}
