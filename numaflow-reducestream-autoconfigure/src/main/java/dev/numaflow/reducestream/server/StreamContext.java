package dev.numaflow.reducestream.server;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.ReduceStreamer;

/**
 * What every stream of one server shares: the handler pool, the streamer factory and the
 * limits.
 */
final class StreamContext {

	private static final Logger logger = LoggerFactory.getLogger(StreamContext.class);

	private final Executor executor;

	private final ReduceStreamerFactory factory;

	private final ReduceStreamServerSettings settings;

	private final AtomicInteger activeStreams = new AtomicInteger();

	StreamContext(Executor executor, ReduceStreamerFactory factory, ReduceStreamServerSettings settings) {
		this.executor = executor;
		this.factory = factory;
		this.settings = settings;
	}

	Executor executor() {
		return this.executor;
	}

	ReduceStreamerFactory factory() {
		return this.factory;
	}

	int maxPendingDatums() {
		return this.settings.maxPendingDatums();
	}

	int maxPendingResults() {
		return this.settings.maxPendingResults();
	}

	String containerType() {
		return this.settings.containerType();
	}

	int activeStreams() {
		return this.activeStreams.get();
	}

	void streamStarted() {
		this.activeStreams.incrementAndGet();
	}

	void streamEnded() {
		this.activeStreams.decrementAndGet();
	}

	void streamFailed(Throwable cause) {
		streamEnded();
	}

	void release(ReduceStreamer streamer) {
		try {
			this.factory.release(streamer);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not release a reduce streamer", ex);
		}
	}

}
