package dev.numaflow.reducestream.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a process's CPU time and memory from {@code /proc}: {@code utime + stime} from
 * {@code /proc/<pid>/stat} (every thread, dead ones included), and {@code VmHWM} (peak
 * resident set) and {@code VmRSS} from {@code /proc/<pid>/status}.
 */
final class ProcStats {

	/** Clock ticks per second of {@code /proc/<pid>/stat}: USER_HZ, 100 on Linux. */
	static final long TICKS_PER_SECOND = 100;

	private ProcStats() {
	}

	/** CPU time the process has used, user plus system, in nanoseconds. */
	static long cpuNanos(long pid) throws IOException {
		return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII))
				* (1_000_000_000L / TICKS_PER_SECOND);
	}

	/**
	 * CPU time each live JIT compiler thread ({@code C1 CompilerThre},
	 * {@code C2 CompilerThre}) of the process has used so far, in clock ticks, by thread
	 * id. Compare two of these with {@link #compilerNanosBetween}.
	 */
	static Map<String, Long> compilerTicks(long pid) throws IOException {
		Map<String, Long> ticks = new HashMap<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : tasks) {
				String stat;
				try {
					stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
				}
				catch (NoSuchFileException ex) {
					// The thread ended after the listing.
					continue;
				}
				if (isCompilerThread(stat)) {
					ticks.put(task.getFileName().toString(), cpuTicks(stat));
				}
			}
		}
		return ticks;
	}

	/**
	 * CPU time the JIT compiler threads used between two readings, in nanoseconds: per
	 * thread, so that a thread the JVM retires in between takes none of its earlier time
	 * with it. What a retired thread used in between is missed, so this is a lower bound.
	 */
	static long compilerNanosBetween(Map<String, Long> before, Map<String, Long> after) {
		long ticks = 0;
		for (Map.Entry<String, Long> thread : after.entrySet()) {
			ticks += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
		}
		return ticks * (1_000_000_000L / TICKS_PER_SECOND);
	}

	/** CPU time the process's live JIT compiler threads have used, in nanoseconds. */
	static long compilerCpuNanos(long pid) throws IOException {
		return compilerNanosBetween(Map.of(), compilerTicks(pid));
	}

	/** Whether a {@code /proc/<pid>/task/<tid>/stat} line is a JIT compiler thread's. */
	static boolean isCompilerThread(String stat) {
		String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
		return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
	}

	/** {@code utime + stime} of one line of {@code /proc/<pid>/stat}, in clock ticks. */
	static long cpuTicks(String stat) {
		// The command name (field 2) is in parentheses and may contain spaces: count the
		// fields after its closing parenthesis, where field 3 (state) is the first.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ", -1);
		return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
	}

	/** Peak resident set size in bytes ({@code VmHWM}). */
	static long peakRssBytes(long pid) throws IOException {
		return statusKilobytes(status(pid), "VmHWM:") * 1024;
	}

	/** Current resident set size in bytes ({@code VmRSS}). */
	static long rssBytes(long pid) throws IOException {
		return statusKilobytes(status(pid), "VmRSS:") * 1024;
	}

	/**
	 * Resets the peak resident set size to the current one ({@code 5} to
	 * {@code clear_refs}), so that a later {@link #peakRssBytes} is the peak since now.
	 */
	static void resetPeakRss(long pid) throws IOException {
		Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5", StandardCharsets.US_ASCII);
	}

	/**
	 * A {@code kB} value of {@code /proc/<pid>/status}, or -1 when the line is absent.
	 */
	static long statusKilobytes(String status, String name) {
		for (String line : status.split("\n", -1)) {
			if (line.startsWith(name)) {
				String value = line.substring(name.length()).trim();
				return Long.parseLong(value.substring(0, value.indexOf(' ')));
			}
		}
		return -1;
	}

	private static String status(long pid) throws IOException {
		return Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII);
	}

}
