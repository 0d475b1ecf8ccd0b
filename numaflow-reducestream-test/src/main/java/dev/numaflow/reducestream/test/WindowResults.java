package dev.numaflow.reducestream.test;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.codec.PayloadCodec;
import dev.numaflow.reducestream.codec.PayloadCodecs;
import dev.numaflow.reducestream.codec.PayloadDecodingException;
import dev.numaflow.reducestream.codec.PayloadType;

/**
 * Everything the server sent for one window, in arrival order, once its stream has ended.
 * Typed results are decoded by the application's codec (its Jackson {@code JsonMapper}):
 * {@code results.tagged("alert").values(Alert.class)}.
 */
public final class WindowResults {

	private final IntervalWindow window;

	private final List<Result> all;

	private final PayloadCodec codec;

	/**
	 * Creates an instance whose typed results are decoded by the default codec.
	 * @param window the window
	 * @param all every result, in arrival order
	 */
	public WindowResults(IntervalWindow window, List<Result> all) {
		this(window, all, PayloadCodecs.defaultCodec());
	}

	/**
	 * Creates an instance.
	 * @param window the window
	 * @param all every result, in arrival order
	 * @param codec decodes typed results
	 */
	public WindowResults(IntervalWindow window, List<Result> all, PayloadCodec codec) {
		this.window = window;
		this.all = List.copyOf(all);
		this.codec = codec;
	}

	/**
	 * The window.
	 * @return the window
	 */
	public IntervalWindow window() {
		return this.window;
	}

	/**
	 * Every result, in arrival order.
	 * @return the results
	 */
	public List<Result> all() {
		return this.all;
	}

	/**
	 * The results produced while the window was open, in arrival order.
	 * @return the results
	 */
	public List<Result> whileOpen() {
		return inPhase(Phase.WHILE_OPEN);
	}

	/**
	 * The results produced at the window's end, in arrival order.
	 * @return the results
	 */
	public List<Result> atEnd() {
		return inPhase(Phase.AT_END);
	}

	/**
	 * The results that carry exactly these keys, in arrival order.
	 * @param keys the keys
	 * @return the results
	 */
	public List<Result> forKeys(String... keys) {
		List<String> wanted = List.of(keys);
		return this.all.stream().filter((result) -> result.keys().equals(wanted)).toList();
	}

	/**
	 * The results that carry a tag, as results of the same window.
	 * @param tag the tag
	 * @return the results with that tag, in arrival order
	 */
	public WindowResults tagged(String tag) {
		return new WindowResults(this.window,
				this.all.stream().filter((result) -> result.tags().contains(tag)).toList(), this.codec);
	}

	/**
	 * Every result's value, decoded.
	 * @param <T> the type
	 * @param type the class to decode every result into
	 * @return the values, in arrival order
	 * @throws PayloadDecodingException if a result does not decode
	 */
	public <T> List<T> values(Class<T> type) {
		return decode(this.codec, this.all, type);
	}

	/**
	 * Every result's value, decoded into a generic type.
	 * @param <T> the type
	 * @param type the type to decode every result into
	 * @return the values, in arrival order
	 * @throws PayloadDecodingException if a result does not decode
	 */
	@SuppressWarnings("unchecked") // the codec decodes into the type it is given
	public <T> List<T> values(PayloadType<T> type) {
		List<T> values = new ArrayList<>(this.all.size());
		for (Object value : decode(this.codec, this.all, type.type())) {
			values.add((T) value);
		}
		return values;
	}

	/**
	 * The values of the results produced while the window was open, decoded.
	 * @param <T> the type
	 * @param type the class to decode them into
	 * @return the values, in arrival order
	 * @throws PayloadDecodingException if a result does not decode
	 */
	public <T> List<T> whileOpen(Class<T> type) {
		return decode(this.codec, whileOpen(), type);
	}

	/**
	 * The values of the results produced at the window's end, decoded.
	 * @param <T> the type
	 * @param type the class to decode them into
	 * @return the values, in arrival order
	 * @throws PayloadDecodingException if a result does not decode
	 */
	public <T> List<T> atEnd(Class<T> type) {
		return decode(this.codec, atEnd(), type);
	}

	static <T> List<T> decode(PayloadCodec codec, List<Result> results, Class<T> type) {
		List<T> values = new ArrayList<>(results.size());
		for (Object value : decode(codec, results, (Type) type)) {
			values.add(type.cast(value));
		}
		return values;
	}

	private static List<Object> decode(PayloadCodec codec, List<Result> results, Type type) {
		List<Object> values = new ArrayList<>(results.size());
		for (Result result : results) {
			values.add(PayloadCodecs.decode(codec, result.value(), type, result.keys()));
		}
		return values;
	}

	/**
	 * The distinct key sets of the results, in order of first appearance.
	 * @return the key sets
	 */
	public List<List<String>> keySets() {
		return this.all.stream().map(Result::keys).distinct().toList();
	}

	private List<Result> inPhase(Phase phase) {
		return this.all.stream().filter((result) -> result.phase() == phase).toList();
	}

	@Override
	public String toString() {
		return "WindowResults[window=[" + this.window.start() + ", " + this.window.end() + "), " + this.all + "]";
	}

}
