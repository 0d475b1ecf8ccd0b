package dev.numaflow.reducestream.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Summarises async-profiler collapsed stacks (recorded with {@code threads}): the share
 * of CPU samples per thread group (thread names without their numbers), and the inclusive
 * share of every frame that contains one of the given strings.
 * <p>
 * {@code java -cp numaflow-reducestream-benchmark.jar
 * dev.numaflow.reducestream.benchmark.ProfileSummary FILE.collapsed [FRAME...]}
 */
public final class ProfileSummary {

	private ProfileSummary() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length == 0) {
			throw new IllegalArgumentException("Usage: ProfileSummary FILE.collapsed [FRAME...]");
		}
		List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
		print(lines, List.of(args).subList(1, args.length), System.out);
	}

	static void print(List<String> lines, List<String> frames, PrintStream out) {
		long total = 0;
		Map<String, Long> threads = new TreeMap<>();
		Map<String, Long> inclusive = new LinkedHashMap<>();
		for (String frame : frames) {
			inclusive.put(frame, 0L);
		}
		for (String line : lines) {
			int space = line.lastIndexOf(' ');
			if (space < 0) {
				continue;
			}
			long samples = Long.parseLong(line.substring(space + 1).trim());
			String stack = line.substring(0, space);
			total += samples;
			threads.merge(threadGroup(stack), samples, Long::sum);
			for (String frame : frames) {
				if (stack.contains(frame)) {
					inclusive.merge(frame, samples, Long::sum);
				}
			}
		}
		out.printf(Locale.ROOT, "%,d samples%n", total);
		long all = Math.max(1, total);
		threads.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach((entry) -> out.printf(Locale.ROOT, "%6.1f%%  thread %s%n", entry.getValue() * 100.0 / all,
					entry.getKey()));
		inclusive.forEach(
				(frame, samples) -> out.printf(Locale.ROOT, "%6.1f%%  inclusive %s%n", samples * 100.0 / all, frame));
	}

	/** {@code [reducestream-handler-3 tid=42]} becomes {@code reducestream-handler-N}. */
	static String threadGroup(String stack) {
		int end = stack.indexOf(';');
		String first = (end < 0) ? stack : stack.substring(0, end);
		if (!first.startsWith("[")) {
			return "(no thread name)";
		}
		int tid = first.indexOf(" tid=");
		String name = first.substring(1, (tid < 0) ? first.length() - 1 : tid);
		return name.replaceAll("\\d+", "N");
	}

}
