package dev.numaflow.reducestream.benchmark.sdk;

import io.numaproj.numaflow.reducestreamer.model.ReduceStreamerFactory;

/** The SDK asks its factory for a new counter for every key set of every window. */
final class SdkCounterFactory extends ReduceStreamerFactory<SdkCounter> {

	@Override
	public SdkCounter createReduceStreamer() {
		return new SdkCounter();
	}

}
