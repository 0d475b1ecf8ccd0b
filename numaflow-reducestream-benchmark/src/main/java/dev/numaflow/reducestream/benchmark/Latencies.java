package dev.numaflow.reducestream.benchmark;

import java.util.Arrays;

/**
 * Latency samples in nanoseconds, sorted, with nearest-rank percentiles.
 */
final class Latencies {

	static final Latencies NONE = new Latencies(new long[0]);

	private final long[] sorted;

	private Latencies(long[] sorted) {
		this.sorted = sorted;
	}

	static Latencies of(long[] samples) {
		long[] sorted = samples.clone();
		Arrays.sort(sorted);
		return new Latencies(sorted);
	}

	int count() {
		return this.sorted.length;
	}

	/**
	 * The nearest-rank percentile.
	 * @param percent 0 to 100
	 * @return the sample at that rank, or -1 without samples
	 */
	long percentile(double percent) {
		if (this.sorted.length == 0) {
			return -1;
		}
		int rank = (int) Math.ceil(percent / 100.0 * this.sorted.length);
		return this.sorted[Math.min(this.sorted.length - 1, Math.max(0, rank - 1))];
	}

}
