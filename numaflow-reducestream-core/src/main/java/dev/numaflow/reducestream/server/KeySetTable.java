package dev.numaflow.reducestream.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.IntervalWindow;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * The key sets of one stream, by window and keys. The platform sends one window per
 * stream, so the key sets of the stream's first window are looked up by the request's own
 * keys list, without building a key per datum; other windows (which the protocol allows)
 * go through a map keyed by window and keys. Lookups and creation are the request
 * callbacks' (one thread at a time); {@link #all()} may be drained from any thread.
 */
final class KeySetTable {

	private final WindowStream stream;

	private @Nullable Window firstWindow;

	private final Map<List<String>, KeySet> firstWindowKeySets = new HashMap<>();

	private final Map<KeySetId, KeySet> otherKeySets = new HashMap<>();

	/** The distinct windows seen, as received and in arrival order, for the EOFs. */
	private final Map<KeySetId, SharedWindow> windows = new LinkedHashMap<>(2);

	/**
	 * The key set of the previous datum: consecutive datums of one key set skip the
	 * lookup.
	 */
	private @Nullable KeySet last;

	/**
	 * Every key set of the stream, for the half-close and for releasing them at its end.
	 */
	private final Queue<KeySet> all = new ConcurrentLinkedQueue<>();

	KeySetTable(WindowStream stream) {
		this.stream = stream;
	}

	/** The key set of a datum, created (and opened on the stream) on its first datum. */
	KeySet keySet(Window window, List<String> keys) {
		KeySet keySet = this.last;
		if (keySet != null && keySet.isFor(window, keys)) {
			return keySet;
		}
		keySet = lookUp(window, keys);
		this.last = keySet;
		return keySet;
	}

	private KeySet lookUp(Window window, List<String> keys) {
		Window first = this.firstWindow;
		if (first == null) {
			first = window;
			this.firstWindow = window;
		}
		if (ProtoMapping.sameBounds(first, window)) {
			KeySet keySet = this.firstWindowKeySets.get(keys);
			if (keySet == null) {
				keySet = create(ProtoMapping.keySetId(window, keys), window);
				this.firstWindowKeySets.put(keySet.metadata().keys(), keySet);
			}
			return keySet;
		}
		KeySetId id = ProtoMapping.keySetId(window, keys);
		KeySet keySet = this.otherKeySets.get(id);
		if (keySet == null) {
			keySet = create(id, window);
			this.otherKeySets.put(id.withKeys(keySet.metadata().keys()), keySet);
		}
		return keySet;
	}

	private KeySet create(KeySetId id, Window window) {
		KeySetId windowId = id.window();
		SharedWindow shared = this.windows.get(windowId);
		if (shared == null) {
			shared = new SharedWindow(window, ProtoMapping.intervalWindow(window));
			this.windows.put(windowId, shared);
		}
		else if (!shared.window().equals(window)) {
			// Same bounds, another slot: the key set answers with its own window.
			shared = new SharedWindow(window, shared.interval());
		}
		// The window's objects are shared by its key sets, not held once per key set.
		Metadata metadata = new Metadata(List.copyOf(id.keys()), shared.interval());
		KeySet keySet = new KeySet(this.stream, metadata, shared.window());
		this.all.add(keySet);
		this.stream.keySetOpened();
		return keySet;
	}

	boolean isEmpty() {
		return this.all.isEmpty();
	}

	/** Every key set of the stream. */
	Queue<KeySet> all() {
		return this.all;
	}

	/**
	 * The stream's windows in arrival order. Request callbacks, or after the half-close
	 * (when no request callback runs again).
	 */
	List<Window> windows() {
		List<Window> result = new ArrayList<>(this.windows.size());
		for (SharedWindow window : this.windows.values()) {
			result.add(window.window());
		}
		return result;
	}

	/**
	 * Drop the lookup once the stream has ended, so that nothing keeps the key sets while
	 * the call winds down. Request callbacks, or after the half-close.
	 */
	void forget() {
		this.last = null;
		this.firstWindowKeySets.clear();
		this.otherKeySets.clear();
	}

	/** A window as received, and as the API sees it. */
	private record SharedWindow(Window window, IntervalWindow interval) {
	}

}
