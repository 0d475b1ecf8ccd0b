package dev.numaflow.reducestream.benchmark.sdk;

import java.nio.charset.StandardCharsets;

import io.numaproj.numaflow.reducestreamer.model.Datum;
import io.numaproj.numaflow.reducestreamer.model.Message;
import io.numaproj.numaflow.reducestreamer.model.Metadata;
import io.numaproj.numaflow.reducestreamer.model.OutputStreamObserver;
import io.numaproj.numaflow.reducestreamer.model.ReduceStreamer;

/**
 * The benchmark's counter on the SDK: one instance per (window, key set), as the SDK
 * creates them; {@code counter:<count>} with the key set whenever the count exceeds the
 * threshold (then reset), and {@code counter:<count>} once more at the end of the window.
 * The same results, in the same order per key set, as the benchmark's reference counter
 * and the counter sample.
 */
final class SdkCounter extends ReduceStreamer {

	/** The benchmark's threshold ({@code CounterCheck.THRESHOLD}). */
	static final int THRESHOLD = 20;

	private int count;

	@Override
	public void processMessage(String[] keys, Datum datum, OutputStreamObserver outputStream, Metadata md) {
		if (++this.count > THRESHOLD) {
			outputStream.send(result(keys));
			this.count = 0;
		}
	}

	@Override
	public void handleEndOfStream(String[] keys, OutputStreamObserver outputStreamObserver, Metadata md) {
		outputStreamObserver.send(result(keys));
	}

	private Message result(String[] keys) {
		return new Message(("counter:" + this.count).getBytes(StandardCharsets.UTF_8), keys.clone());
	}

}
