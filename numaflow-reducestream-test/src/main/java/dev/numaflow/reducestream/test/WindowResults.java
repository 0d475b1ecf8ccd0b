package dev.numaflow.reducestream.test;

import java.util.List;

import dev.numaflow.reducestream.IntervalWindow;

/**
 * Everything the server sent for one window, in arrival order, once its stream has ended.
 */
public final class WindowResults {

	private final IntervalWindow window;

	private final List<Result> all;

	/**
	 * Creates an instance.
	 * @param window the window
	 * @param all every result, in arrival order
	 */
	public WindowResults(IntervalWindow window, List<Result> all) {
		this.window = window;
		this.all = List.copyOf(all);
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
