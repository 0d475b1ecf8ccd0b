package dev.numaflow.reducestream.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcStatsTests {

	@Test
	void cpuTicksAreUserPlusSystemTime() {
		String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 81234 0 12 0 1500 250 0 0 20 0 31 0 123456 "
				+ "5000000000 40000 18446744073709551615 1 1 0 0 0 0 0 3 16800972 0 0 0 17 1 0 0 0 0 0";
		assertThat(ProcStats.cpuTicks(stat)).isEqualTo(1750);
	}

	@Test
	void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
		String stat = "7 (my (odd) name) R 1 7 7 0 -1 0 0 0 0 0 30 12 0 0 20 0 1 0 99 0 0";
		assertThat(ProcStats.cpuTicks(stat)).isEqualTo(42);
	}

	@Test
	void compilerThreadsAreToldByTheirName() {
		assertThat(ProcStats.isCompilerThread("31 (C2 CompilerThre) S 1 7 7 0 -1 0 0 0 0 0 30 12")).isTrue();
		assertThat(ProcStats.isCompilerThread("32 (C1 CompilerThre) S 1 7 7 0 -1 0 0 0 0 0 30 12")).isTrue();
		assertThat(ProcStats.isCompilerThread("33 (reducestream-h) S 1 7 7 0 -1 0 0 0 0 0 30 12")).isFalse();
		assertThat(ProcStats.isCompilerThread("34 (GC Thread#0) S 1 7 7 0 -1 0 0 0 0 0 30 12")).isFalse();
	}

	@Test
	void thisJvmsCompilerThreadsHaveUsedSomeButNotAllOfItsCpu() throws Exception {
		long pid = ProcessHandle.current().pid();
		long compiler = ProcStats.compilerCpuNanos(pid);
		// Starting JUnit and AssertJ compiles hundreds of methods; the main thread did
		// the rest.
		assertThat(compiler).isPositive().isLessThan(ProcStats.cpuNanos(pid));
	}

	@Test
	void statusValuesAreReadInKilobytes() {
		String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  524288 kB\nVmRSS:\t  262144 kB\n";
		assertThat(ProcStats.statusKilobytes(status, "VmHWM:")).isEqualTo(524288);
		assertThat(ProcStats.statusKilobytes(status, "VmRSS:")).isEqualTo(262144);
		assertThat(ProcStats.statusKilobytes(status, "VmSwap:")).isEqualTo(-1);
	}

	@Test
	void thisProcessHasUsedCpuAndMemory() throws Exception {
		long pid = ProcessHandle.current().pid();
		assertThat(ProcStats.cpuNanos(pid)).isPositive();
		long rss = ProcStats.rssBytes(pid);
		// Read after the current size: the peak is never below what was resident before
		// it.
		assertThat(rss).isPositive();
		assertThat(ProcStats.peakRssBytes(pid)).isGreaterThanOrEqualTo(rss);
	}

}
