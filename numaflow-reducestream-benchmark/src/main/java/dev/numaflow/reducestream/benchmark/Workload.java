package dev.numaflow.reducestream.benchmark;

import java.util.Locale;

/**
 * What the load generator sends: {@code streams} concurrent {@code ReduceFn} streams (one
 * window each) on one connection, each with {@code messagesPerStream} datums spread
 * round-robin over {@code keysPerStream} key sets. With a {@code ratePerSecond} above
 * zero the single stream is paced and the latency of every full result is measured;
 * otherwise the generator sends as fast as the transport takes.
 *
 * @param name a short name for the tables
 * @param streams concurrent streams (windows)
 * @param keysPerStream key sets per stream
 * @param messagesPerStream datums per stream
 * @param ratePerSecond datums per second when paced, else 0
 */
record Workload(String name, int streams, int keysPerStream, long messagesPerStream, int ratePerSecond) {

	Workload {
		if (streams < 1 || keysPerStream < 1 || messagesPerStream < 0 || ratePerSecond < 0) {
			throw new IllegalArgumentException("Invalid workload " + name);
		}
		if (ratePerSecond > 0 && streams != 1) {
			throw new IllegalArgumentException("A paced workload has one stream");
		}
	}

	static Workload throughput(String name, int streams, int keys, long messagesPerStream) {
		return new Workload(name, streams, keys, messagesPerStream, 0);
	}

	static Workload paced(String name, int keys, int ratePerSecond, int seconds) {
		return new Workload(name, 1, keys, (long) ratePerSecond * seconds, ratePerSecond);
	}

	boolean paced() {
		return this.ratePerSecond > 0;
	}

	long totalMessages() {
		return this.messagesPerStream * this.streams;
	}

	long keySets() {
		return (long) this.keysPerStream * this.streams;
	}

	String describe() {
		if (paced()) {
			return String.format(Locale.ROOT, "%s: 1 stream x %,d keys, paced %,d msg/s x %,d msgs", this.name,
					this.keysPerStream, this.ratePerSecond, this.messagesPerStream);
		}
		return String.format(Locale.ROOT, "%s: %,d stream%s x %,d key%s x %,d msgs", this.name, this.streams,
				(this.streams == 1) ? "" : "s", this.keysPerStream, (this.keysPerStream == 1) ? "" : "s",
				this.messagesPerStream);
	}

}
