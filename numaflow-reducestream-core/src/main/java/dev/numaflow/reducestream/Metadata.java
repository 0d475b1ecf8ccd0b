package dev.numaflow.reducestream;

import java.util.List;

/**
 * What a {@link ReduceStreamer} instance works on: its key set and the window the key set
 * belongs to.
 *
 * @param keys the keys of the key set ({@code ["NON_KEYED_STREAM"]} for a non-keyed
 * reduce)
 * @param intervalWindow the window
 */
public record Metadata(List<String> keys, IntervalWindow intervalWindow) {

	/**
	 * Creates an instance.
	 * @param keys the keys of the key set
	 * @param intervalWindow the window
	 */
	public Metadata {
		keys = List.copyOf(keys);
	}

}
