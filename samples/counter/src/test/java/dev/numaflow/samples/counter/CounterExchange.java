package dev.numaflow.samples.counter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.samples.counter.ReduceClient.WindowStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The counter's exchanges with the platform, over the real socket, and what they must
 * answer; shared by the application tests and the jar-level tests.
 */
final class CounterExchange {

	static final Duration TIMEOUT = Duration.ofSeconds(30);

	private CounterExchange() {
	}

	/**
	 * One window: 45 datums of {@code a} and 3 of {@code b}. The first {@code counter:21}
	 * of {@code a} streams before the window closes; after the half-close come the rest
	 * and one EOF.
	 * @param socket the counter's socket
	 */
	static void countsEachKeySetAndStreamsBeforeTheWindowCloses(Path socket) throws Exception {
		try (ReduceClient client = ReduceClient.connect(socket)) {
			WindowStream stream = client.open(ReduceClient.window(60_000, 120_000));
			for (int i = 0; i < 45; i++) {
				stream.send("a");
				if (i % 15 == 5) {
					stream.send("b");
				}
			}
			await().atMost(TIMEOUT)
				.until(() -> resultsByKeys(stream).getOrDefault(List.of("a"), List.of()),
						(values) -> values.contains("counter:21"));
			assertThat(stream.end()).as("the stream before the half-close").isNotDone();
			stream.halfClose();
			assertThat(stream.end().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
			assertThat(resultsByKeys(stream)).containsExactlyInAnyOrderEntriesOf(Map.of(List.of("a"),
					List.of("counter:21", "counter:21", "counter:3"), List.of("b"), List.of("counter:3")));
			assertOneEofLastAndEveryResponseInTheWindow(stream);
		}
	}

	/**
	 * Two windows on two concurrent streams of one connection, with the same key: each
	 * counts its own datums.
	 * @param socket the counter's socket
	 */
	static void keepsSeparateCountsForConcurrentWindows(Path socket) throws Exception {
		try (ReduceClient client = ReduceClient.connect(socket)) {
			WindowStream first = client.open(ReduceClient.window(60_000, 120_000));
			WindowStream second = client.open(ReduceClient.window(120_000, 180_000));
			for (int i = 0; i < 30; i++) {
				if (i < 25) {
					first.send("a");
				}
				second.send("a");
			}
			for (WindowStream stream : List.of(first, second)) {
				await().atMost(TIMEOUT)
					.until(() -> resultsByKeys(stream).getOrDefault(List.of("a"), List.of()),
							(values) -> values.contains("counter:21"));
			}
			assertThat(first.end()).isNotDone();
			assertThat(second.end()).isNotDone();
			first.halfClose();
			second.halfClose();
			for (WindowStream stream : List.of(first, second)) {
				assertThat(stream.end().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
				assertOneEofLastAndEveryResponseInTheWindow(stream);
			}
			assertThat(resultsByKeys(first))
				.containsExactly(Map.entry(List.of("a"), List.of("counter:21", "counter:4")));
			assertThat(resultsByKeys(second))
				.containsExactly(Map.entry(List.of("a"), List.of("counter:21", "counter:9")));
		}
	}

	/**
	 * The server-info file is there, compact JSON followed by the end marker.
	 * @param file the server-info file
	 */
	static void serverInfoFileEndsWithTheEndMarker(Path file) throws IOException {
		assertThat(file).isRegularFile();
		String content = Files.readString(file, StandardCharsets.UTF_8);
		assertThat(content).startsWith("{\"protocol\":\"uds\",\"language\":\"java\",")
			.containsPattern("\"version\":\"\\d+\\.\\d+\\.\\d+\"")
			.endsWith("}U+005C__END__");
	}

	private static void assertOneEofLastAndEveryResponseInTheWindow(WindowStream stream) {
		List<ReduceResponse> responses = stream.responses();
		assertThat(responses).filteredOn(ReduceResponse::getEOF).hasSize(1);
		assertThat(responses).last().extracting(ReduceResponse::getEOF).isEqualTo(true);
		assertThat(responses).allSatisfy((response) -> assertThat(response.getWindow()).isEqualTo(stream.window()));
	}

	/** The result values of each key set, in arrival order; keys as sent back. */
	private static Map<List<String>, List<String>> resultsByKeys(WindowStream stream) {
		Map<List<String>, List<String>> results = new LinkedHashMap<>();
		for (ReduceResponse response : stream.responses()) {
			if (!response.getEOF()) {
				results.computeIfAbsent(List.copyOf(response.getResult().getKeysList()), (keys) -> new ArrayList<>())
					.add(response.getResult().getValue().toStringUtf8());
			}
		}
		return results;
	}

}
