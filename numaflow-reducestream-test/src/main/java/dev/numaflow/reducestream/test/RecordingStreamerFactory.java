package dev.numaflow.reducestream.test;

import java.util.List;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.Timers;

/**
 * Wraps the application's streamer factory: for windows a tester has open, each streamer
 * is wrapped to count the datums it has handled and the results it has produced. Streams
 * from other clients pass through untouched.
 */
final class RecordingStreamerFactory implements ReduceStreamerFactory {

	private final ReduceStreamerFactory delegate;

	private final StreamActivity activity;

	RecordingStreamerFactory(ReduceStreamerFactory delegate, StreamActivity activity) {
		this.delegate = delegate;
		this.activity = activity;
	}

	@Override
	public ReduceStreamer create(Metadata metadata) {
		ReduceStreamer streamer = this.delegate.create(metadata);
		StreamActivity.Counts counts = this.activity.get(metadata.intervalWindow());
		return (counts != null) ? new Recording(streamer, counts) : streamer;
	}

	@Override
	public void release(ReduceStreamer streamer) {
		this.delegate.release((streamer instanceof Recording recording) ? recording.delegate : streamer);
	}

	private static final class Recording implements ReduceStreamer {

		private final ReduceStreamer delegate;

		private final StreamActivity.Counts counts;

		Recording(ReduceStreamer delegate, StreamActivity.Counts counts) {
			this.delegate = delegate;
			this.counts = counts;
		}

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) throws Exception {
			try {
				this.delegate.onDatum(datum, counting(output), metadata);
			}
			catch (Exception | Error ex) {
				failed("onDatum", metadata, ex);
				throw ex;
			}
			finally {
				this.counts.handled.incrementAndGet();
				this.counts.changed();
			}
		}

		@Override
		public void onEndOfInput(Output output, Metadata metadata) throws Exception {
			try {
				this.delegate.onEndOfInput(counting(output), metadata);
			}
			catch (Exception | Error ex) {
				failed("onEndOfInput", metadata, ex);
				throw ex;
			}
		}

		@Override
		public void onTimer(Output output, Metadata metadata) throws Exception {
			try {
				this.delegate.onTimer(counting(output), metadata);
			}
			catch (Exception | Error ex) {
				failed("onTimer", metadata, ex);
				throw ex;
			}
		}

		@Override
		public void onCancel(Metadata metadata) throws Exception {
			this.delegate.onCancel(metadata);
		}

		/** Kept for the session, which fails the test with it as the cause. */
		private void failed(String call, Metadata metadata, Throwable error) {
			this.counts.streamerFailed(new StreamActivity.StreamerFailure(metadata.keys(), call, error));
		}

		private Output counting(Output output) {
			return new CountingOutput(output, this.counts);
		}

	}

	/** Counts each result the streamer produces, raw or typed, then passes it on. */
	private record CountingOutput(Output output, StreamActivity.Counts counts) implements Output {

		@Override
		public void send(Message message) {
			this.output.send(message);
			produced();
		}

		@Override
		public void sendValue(Object value, List<String> keys, List<String> tags) {
			this.output.sendValue(value, keys, tags);
			produced();
		}

		@Override
		public Timers timers() {
			return this.output.timers();
		}

		private void produced() {
			this.counts.produced.incrementAndGet();
			this.counts.changed();
		}

	}

}
