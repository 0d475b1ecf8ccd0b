package dev.numaflow.reducestream.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;

/**
 * Streamers in class form, and the beans they are injected with, for the
 * auto-configuration tests.
 */
final class TestStreamers {

	private TestStreamers() {
	}

	/** Sends back each datum's value. */
	@ReduceStreamerBean
	static class EchoStreamer implements ReduceStreamer {

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			output.send(Message.of(datum.valueAsString(), metadata.keys()));
		}

	}

	/** Sets a timer of one second on each datum and sends {@code tick} when it fires. */
	@ReduceStreamerBean
	static class TickingStreamer implements ReduceStreamer {

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			output.timers().after(java.time.Duration.ofSeconds(1));
		}

		@Override
		public void onTimer(Output output, Metadata metadata) {
			output.send(Message.of("tick", metadata.keys()));
		}

	}

	/** Sends the name of the thread each datum was handled on. */
	@ReduceStreamerBean
	static class ThreadNameStreamer implements ReduceStreamer {

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			output.send(Message.of(Thread.currentThread().getName(), metadata.keys()));
		}

	}

	/** Hands out instance numbers: each streamer instance takes the next one. */
	static class InstanceNumbers {

		private final AtomicInteger last = new AtomicInteger();

		int next() {
			return this.last.incrementAndGet();
		}

	}

	/** A bean a streamer is injected with. */
	record Greeting(String text) {

	}

	/** Counts the streamers destroyed. */
	static class Destructions {

		private final AtomicInteger count = new AtomicInteger();

		void record() {
			this.count.incrementAndGet();
		}

		int count() {
			return this.count.get();
		}

	}

	/** Sends its instance number when its key set ends. */
	@ReduceStreamerBean
	static class NumberedStreamer implements ReduceStreamer {

		private final int number;

		NumberedStreamer(InstanceNumbers numbers) {
			this.number = numbers.next();
		}

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
		}

		@Override
		public void onEndOfInput(Output output, Metadata metadata) {
			output.send(Message.of("instance-" + this.number, metadata.keys()));
		}

	}

	/** Sends the text of the greeting it was constructed with. */
	@ReduceStreamerBean
	static class GreetingStreamer implements ReduceStreamer {

		private final Greeting greeting;

		GreetingStreamer(Greeting greeting) {
			this.greeting = greeting;
		}

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			output.send(Message.of(this.greeting.text(), metadata.keys()));
		}

	}

	/** Records its destruction when closed. */
	@ReduceStreamerBean
	static class AutoCloseableStreamer implements ReduceStreamer, AutoCloseable {

		private final Destructions destructions;

		AutoCloseableStreamer(Destructions destructions) {
			this.destructions = destructions;
		}

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
		}

		@Override
		public void close() {
			this.destructions.record();
		}

	}

	/** Records its destruction in a {@code @PreDestroy} method. */
	@ReduceStreamerBean
	static class PreDestroyStreamer implements ReduceStreamer {

		private final Destructions destructions;

		PreDestroyStreamer(Destructions destructions) {
			this.destructions = destructions;
		}

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
		}

		@PreDestroy
		void destroy() {
			this.destructions.record();
		}

	}

}
