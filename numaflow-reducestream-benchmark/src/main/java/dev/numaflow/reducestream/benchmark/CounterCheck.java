package dev.numaflow.reducestream.benchmark;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * Checks every response of one stream against the counter's exact expected results. The
 * stream's datums go to key sets {@code ["k0"] .. ["k<keys-1>"]} round-robin, so key set
 * {@code k} gets {@link #datumsOf} datums, and for {@code n} datums the counter sends
 * exactly {@link #expected(long)}: {@code n / 21} times {@code counter:21} while the
 * window is open, then {@code counter:<n % 21>} at its end (the typed counter sends
 * {@code {"count":21}}, read as {@code counter:21}). Per key set the results must come in
 * that order; across key sets any interleaving is fine. Then exactly one EOF with the
 * window, last.
 * <p>
 * Not thread-safe: the client delivers one stream's responses on one thread.
 */
final class CounterCheck {

	/** The counter sends its count, and resets it, when it exceeds this. */
	static final int THRESHOLD = 20;

	private static final String FULL_TEXT = "counter:" + (THRESHOLD + 1);

	private static final ByteString FULL = ByteString.copyFromUtf8(FULL_TEXT);

	/** The typed counter ({@code counter.style=typed}) sends its count as JSON. */
	private static final String JSON_PREFIX = "{\"count\":";

	private static final ByteString FULL_JSON = ByteString.copyFromUtf8(JSON_PREFIX + (THRESHOLD + 1) + "}");

	private final Window window;

	private final int keys;

	private final long messages;

	private final int[] received;

	private int endOfStreams;

	private long results;

	private @Nullable String problem;

	CounterCheck(Window window, int keys, long messages) {
		this.window = window;
		this.keys = keys;
		this.messages = messages;
		this.received = new int[keys];
	}

	/** How many datums key set {@code key} gets when datums go round-robin. */
	static long datumsOf(int key, int keys, long messages) {
		return messages / keys + ((key < messages % keys) ? 1 : 0);
	}

	/** The counter's results, in order, for a key set of {@code datums} datums. */
	static List<String> expected(long datums) {
		List<String> results = new ArrayList<>();
		for (int index = 0; index < resultCount(datums); index++) {
			results.add(expectedResult(datums, index));
		}
		return results;
	}

	static int resultCount(long datums) {
		return Math.toIntExact(datums / (THRESHOLD + 1) + 1);
	}

	/** Element {@code index} of {@link #expected(long)}, without building the list. */
	static String expectedResult(long datums, int index) {
		long full = datums / (THRESHOLD + 1);
		if (index < full) {
			return FULL_TEXT;
		}
		if (index == full) {
			return "counter:" + datums % (THRESHOLD + 1);
		}
		throw new IndexOutOfBoundsException(index);
	}

	/**
	 * A result as the plain counter writes it: {@code {"count":4}} reads as
	 * {@code counter:4}.
	 */
	static String text(ByteString value) {
		String text = value.toStringUtf8();
		if (text.startsWith(JSON_PREFIX) && text.endsWith("}")) {
			return "counter:" + text.substring(JSON_PREFIX.length(), text.length() - 1);
		}
		return text;
	}

	static String keyOf(int key) {
		return "k" + key;
	}

	/**
	 * Checks one response.
	 * @return the key index of a full ({@code counter:21}) result, or -1
	 */
	int onResponse(ReduceResponse response) {
		if (this.problem != null) {
			return -1;
		}
		if (this.endOfStreams > 0) {
			fail("a response after the EOF: " + response);
			return -1;
		}
		if (!sameInterval(response.getWindow())) {
			fail("a response without the stream's window " + this.window + ": " + response);
			return -1;
		}
		if (response.getEOF()) {
			this.endOfStreams++;
			for (int key = 0; key < this.keys; key++) {
				if (this.received[key] != resultCount(datumsOf(key, this.keys, this.messages))) {
					fail("the EOF came before the results of key set [" + keyOf(key) + "]: " + this.received[key]
							+ " of " + expected(datumsOf(key, this.keys, this.messages)));
					return -1;
				}
			}
			return -1;
		}
		ReduceResponse.Result result = response.getResult();
		int key = (result.getKeysCount() == 1) ? keyIndex(result.getKeys(0)) : -1;
		if (key < 0) {
			fail("a result with unexpected keys " + result.getKeysList());
			return -1;
		}
		long datums = datumsOf(key, this.keys, this.messages);
		int index = this.received[key];
		if (index >= resultCount(datums)) {
			fail("more results than " + expected(datums) + " for key set [" + keyOf(key) + "]");
			return -1;
		}
		boolean full = result.getValue().equals(FULL) || result.getValue().equals(FULL_JSON);
		String value = full ? FULL_TEXT : text(result.getValue());
		String wanted = expectedResult(datums, index);
		if (!value.equals(wanted)) {
			fail("result " + index + " of key set [" + keyOf(key) + "] is '" + value + "', expected '" + wanted
					+ "' of " + expected(datums));
			return -1;
		}
		this.received[key] = index + 1;
		this.results++;
		return full ? key : -1;
	}

	/** The call completed with OK. */
	void onCompleted() {
		if (this.problem == null && this.endOfStreams != 1 && this.messages > 0) {
			fail("the stream completed with " + this.endOfStreams + " EOF responses, expected exactly 1");
		}
	}

	void fail(String description) {
		if (this.problem == null) {
			this.problem = description;
		}
	}

	@Nullable String problem() {
		return this.problem;
	}

	long results() {
		return this.results;
	}

	private boolean sameInterval(Window other) {
		return other.hasStart() && other.hasEnd() && other.getStart().equals(this.window.getStart())
				&& other.getEnd().equals(this.window.getEnd());
	}

	private int keyIndex(String key) {
		if (key.length() < 2 || key.charAt(0) != 'k') {
			return -1;
		}
		try {
			int index = Integer.parseInt(key, 1, key.length(), 10);
			return (index >= 0 && index < this.keys) ? index : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
