package dev.numaflow.reducestream.test.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.grpc.Status;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.test.Phase;
import dev.numaflow.reducestream.test.ReduceStreamClient;
import dev.numaflow.reducestream.test.Result;
import dev.numaflow.reducestream.test.WindowCall;

/**
 * The platform's side of reduce streaming, for one run over a list of events: assigns
 * each event to its windows, opens one stream per window ({@code OPEN} then
 * {@code APPEND}), moves the watermark to the newest event time minus the allowed
 * lateness, half-closes each window once the watermark reaches its end (and every window
 * at the end of the input), and prints every result as it arrives.
 * <p>
 * Flow control is the platform's: an event is sent only when the server's window takes it
 * (so a slow UDF slows the reading of the input), and a result is read only after the one
 * before it is printed (so a noisy UDF is slowed by the output); results are counted, not
 * kept. Memory stays bounded however much either side produces.
 */
public final class PlatformEmulator {

	private static final Comparator<IntervalWindow> BY_END = Comparator.comparing(IntervalWindow::end)
		.thenComparing(IntervalWindow::start);

	private final WindowAssigner assigner;

	private final Duration allowedLateness;

	private final Duration pace;

	private final Duration waitTimeout;

	private final PrintStream out;

	private final PrintStream err;

	private final EventParser parser = new EventParser();

	private final Map<IntervalWindow, WindowCall> open = new TreeMap<>(BY_END);

	private final List<WindowCall> calls = new ArrayList<>();

	private @Nullable Instant watermark;

	private int events;

	private int badLines;

	private int lateEvents;

	/**
	 * Creates an emulator.
	 * @param assigner how events are assigned to windows
	 * @param allowedLateness how far the watermark trails the newest event time
	 * @param pace the pause between events
	 * @param waitTimeout how long to wait for each window's end after the input ends
	 * @param out where results and the summary are printed
	 * @param err where bad lines, late events and failures are reported
	 */
	public PlatformEmulator(WindowAssigner assigner, Duration allowedLateness, Duration pace, Duration waitTimeout,
			PrintStream out, PrintStream err) {
		this.assigner = assigner;
		this.allowedLateness = allowedLateness;
		this.pace = pace;
		this.waitTimeout = waitTimeout;
		this.out = out;
		this.err = err;
	}

	/**
	 * Stream every event of the input to the server, then close the remaining windows and
	 * wait for their ends.
	 * @param input JSON lines
	 * @param client the server's client
	 * @return what happened
	 * @throws IOException if the input cannot be read
	 * @throws InterruptedException if interrupted
	 */
	public EmulatorSummary run(BufferedReader input, ReduceStreamClient client)
			throws IOException, InterruptedException {
		long started = System.nanoTime();
		int number = 0;
		for (String line = input.readLine(); line != null; line = input.readLine()) {
			number++;
			if (line.isBlank()) {
				continue;
			}
			Event event;
			try {
				event = this.parser.parse(line, number);
			}
			catch (InvalidEventException ex) {
				this.badLines++;
				this.err.println("error: " + ex.getMessage() + "; line skipped");
				continue;
			}
			this.events++;
			try {
				handle(event, client);
			}
			catch (TimeoutException ex) {
				throw new IOException(ex.getMessage() + " (--wait-timeout): is the UDF stuck?", ex);
			}
			if (!this.pace.isZero()) {
				TimeUnit.NANOSECONDS.sleep(this.pace.toNanos());
			}
		}
		this.out.println("end of input: closing the " + this.open.size()
				+ ((this.open.size() == 1) ? " open window" : " open windows"));
		closeUpTo(null);
		return summary(awaitEnds(), Duration.ofNanos(System.nanoTime() - started));
	}

	private void handle(Event event, ReduceStreamClient client) throws TimeoutException, InterruptedException {
		Instant current = this.watermark;
		for (IntervalWindow window : this.assigner.assign(event.eventTime())) {
			if (current != null && !window.end().isAfter(current)) {
				this.lateEvents++;
				this.err.println("late: line " + event.line() + " (event time " + event.eventTime() + ") for "
						+ describe(window) + ", which closed at watermark " + current + "; dropped, as the platform"
						+ " drops it");
				continue;
			}
			WindowCall call = this.open.get(window);
			if (call == null) {
				call = client.stream(window, (result) -> print(window, result));
				WindowCall opened = call;
				call.whenEnded(() -> ended(opened));
				this.open.put(window, call);
				this.calls.add(call);
				this.out.println("open    " + describe(window));
			}
			call.awaitReady(this.waitTimeout);
			call.send(event.keys(), event.value(), event.eventTime(), current, event.headers(), event.traceparent(),
					event.tracestate());
		}
		Instant next = event.eventTime().minus(this.allowedLateness);
		if (current == null || next.isAfter(current)) {
			this.watermark = next;
			closeUpTo(next);
		}
	}

	/** Half-close the windows whose end the watermark has reached; all when null. */
	private void closeUpTo(@Nullable Instant watermark) {
		Iterator<Map.Entry<IntervalWindow, WindowCall>> windows = this.open.entrySet().iterator();
		while (windows.hasNext()) {
			Map.Entry<IntervalWindow, WindowCall> entry = windows.next();
			if (watermark != null && entry.getKey().end().isAfter(watermark)) {
				return;
			}
			this.out.println("close   " + describe(entry.getKey())
					+ ((watermark != null) ? "  (watermark " + watermark + ")" : ""));
			entry.getValue().halfClose();
			windows.remove();
		}
	}

	private void print(IntervalWindow window, Result result) {
		String phase = (result.phase() == Phase.WHILE_OPEN) ? "while open" : "at end    ";
		this.out.println("result  " + describe(window) + "  " + phase + "  " + result.keys() + " "
				+ result.valueAsString() + (result.tags().isEmpty() ? "" : "  tags " + result.tags()));
	}

	private void ended(WindowCall call) {
		Status status = call.status();
		if (status != null && status.isOk()) {
			this.out.println("ended   " + describe(call.window()) + "  " + call.resultCount() + " results, "
					+ call.endOfStreamCount() + " EOF");
		}
		else if (status != null) {
			this.err.println("failed  " + describe(call.window()) + "  " + describe(status));
		}
	}

	private List<String> awaitEnds() throws InterruptedException {
		List<String> failures = new ArrayList<>();
		for (WindowCall call : this.calls) {
			String window = describe(call.window());
			Status status;
			try {
				status = call.awaitEnd(this.waitTimeout);
			}
			catch (TimeoutException ex) {
				call.cancel("the emulator timed out");
				failures.add(window + ": no end within " + this.waitTimeout + " of the half-close");
				continue;
			}
			if (!status.isOk()) {
				failures.add(window + ": " + describe(status));
			}
			else if (call.endOfStreamCount() != 1) {
				failures.add(window + ": " + call.endOfStreamCount()
						+ " end-of-stream responses; the platform needs exactly one");
			}
			for (String problem : call.protocolProblems()) {
				failures.add(window + ": " + problem);
			}
		}
		return failures;
	}

	private EmulatorSummary summary(List<String> failures, Duration elapsed) {
		int whileOpen = 0;
		int atEnd = 0;
		for (WindowCall call : this.calls) {
			whileOpen += call.resultCount(Phase.WHILE_OPEN);
			atEnd += call.resultCount(Phase.AT_END);
		}
		return new EmulatorSummary(this.events, this.badLines, this.lateEvents, this.calls.size(), whileOpen, atEnd,
				failures, elapsed);
	}

	/**
	 * How a stream ended, as a line; a lost connection (gRPC's {@code UNAVAILABLE: io
	 * exception}) says what usually causes it.
	 */
	static String describe(Status status) {
		String text = status.getCode() + ((status.getDescription() != null) ? ": " + status.getDescription() : "");
		if (status.getCode() == Status.Code.UNAVAILABLE) {
			text += " (the connection to the server was lost: did the server exit? Its log says why)";
		}
		return text;
	}

	static String describe(IntervalWindow window) {
		return "window [" + window.start() + ", " + window.end() + ")";
	}

}
