package dev.numaflow.reducestream.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the benchmark ran on: cores, CPU model, memory, JDK, and the load average.
 */
final class Machine {

	private Machine() {
	}

	static String describe() {
		return "machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), " + memory()
				+ ", JDK " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.version") + " ("
				+ System.getProperty("java.vm.name") + "), load before: " + loadAverage();
	}

	static String loadAverage() {
		String load = read("/proc/loadavg");
		String[] fields = load.trim().split(" ", -1);
		return (fields.length >= 3) ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
	}

	private static String cpuModel() {
		for (String line : read("/proc/cpuinfo").split("\n", -1)) {
			if (line.startsWith("model name")) {
				return line.substring(line.indexOf(':') + 1).trim();
			}
		}
		return "unknown CPU";
	}

	private static String memory() {
		long kilobytes = ProcStats.statusKilobytes(read("/proc/meminfo"), "MemTotal:");
		return (kilobytes > 0) ? (kilobytes / 1024 / 1024) + " GiB" : "unknown memory";
	}

	private static String read(String file) {
		try {
			return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			return "";
		}
	}

}
