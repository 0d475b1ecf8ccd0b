package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.Empty;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest.WindowOperation.Event;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Random and mutated request sequences from a seeded generator, several streams at a time
 * over shared connections. Every stream ends (nothing hangs); a well-formed stream gets
 * exactly the results a model predicts; a malformed one gets its specific error; the
 * server never crashes, releases every key set, and serves correct streams afterwards.
 * <p>
 * {@code -Dreducestream.fuzz.seed=N} replays a seed,
 * {@code -Dreducestream.fuzz.streams=N} runs longer (default 1,000 streams, a few
 * seconds).
 */
class RequestFuzzTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int MAX_MESSAGE_SIZE = 16 * 1024;

	private static final List<Window> WINDOWS = List.of(ReduceClient.window(0, 60_000),
			ReduceClient.window(60_000, 120_000));

	private static final List<List<String>> KEYS = List.of(List.of(), List.of("a"), List.of("b"), List.of("a", "b"),
			List.of("a:b"), List.of(""), List.of("", ""));

	@TempDir
	Path directory;

	/** What a generated stream should end with. */
	enum Expect {

		/** Well formed and half-closed: OK with exactly the model's results. */
		RESULTS,

		/** A known malformation: this code, and no EOF. */
		ERROR,

		/** Randomly mutated bytes: any status, but it ends. */
		ANY,

		/** The client cancels. */
		CANCEL

	}

	record Script(List<ReduceRequest> requests, Expect expect, Status.Code code, boolean cancel) {
	}

	@Test
	void randomAndMutatedRequestSequencesNeverHangOrCrashTheServer() throws Exception {
		long seed = Long.getLong("reducestream.fuzz.seed", 20261124L);
		int streams = Integer.getInteger("reducestream.fuzz.streams", 1000);
		Random random = new Random(seed);
		ReduceStreamServerSettings defaults = TestServers.settings(this.directory);
		ReduceStreamServerSettings settings = new ReduceStreamServerSettings(defaults.socketPath(),
				defaults.serverInfoPath(), MAX_MESSAGE_SIZE, 3, 1, 16, 16, Duration.ofSeconds(5), "unknown-container");
		FuzzStreamer.Factory factory = new FuzzStreamer.Factory();
		ReduceStreamServer server = TestServers.start(settings, factory);
		List<ReduceClient> clients = List.of(ReduceClient.connect(server.getSocketPath()),
				ReduceClient.connect(server.getSocketPath()));
		try {
			int done = 0;
			while (done < streams) {
				int batch = Math.min(1 + random.nextInt(8), streams - done);
				List<Script> scripts = new ArrayList<>();
				List<ResponseRecorder> recorders = new ArrayList<>();
				for (int i = 0; i < batch; i++) {
					Script script = script(random);
					scripts.add(script);
					recorders.add(run(clients.get(random.nextInt(clients.size())), script));
				}
				for (int i = 0; i < batch; i++) {
					check(scripts.get(i), recorders.get(i), "seed " + seed + ", stream " + (done + i));
				}
				done += batch;
			}
			// Afterwards: nothing in flight, every key set released, still serving.
			await().atMost(TIMEOUT).until(() -> server.getActiveStreams() == 0);
			await().atMost(TIMEOUT).until(() -> factory.released.get() == factory.created.get());
			assertThat(server.getState()).isEqualTo(ReduceStreamServer.State.RUNNING);
			for (ReduceClient client : clients) {
				assertThat(client.blocking().isReady(Empty.getDefaultInstance()).getReady()).isTrue();
				Script good = wellFormed(new Random(seed + 1), 50);
				check(good, run(client, good), "after the fuzzing");
			}
		}
		finally {
			for (ReduceClient client : clients) {
				client.close();
			}
			server.stop();
		}
	}

	private static Script script(Random random) {
		Script valid = wellFormed(random, random.nextInt(30));
		List<ReduceRequest> requests = new ArrayList<>(valid.requests());
		int roll = random.nextInt(10);
		if (roll < 5) {
			return valid;
		}
		if (roll == 5) {
			return new Script(requests, Expect.CANCEL, Status.Code.CANCELLED, true);
		}
		int at = requests.isEmpty() ? 0 : random.nextInt(requests.size() + 1);
		ReduceRequest base = ReduceClient.append(WINDOWS.get(0), List.of("m"), "m");
		if (roll == 6) {
			// Random bytes flipped in a well-formed request: it may or may not still
			// parse,
			// and may or may not still be valid.
			byte[] bytes = base.toByteArray();
			for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
				bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
			}
			try {
				requests.add(at, ReduceRequest.parseFrom(bytes));
			}
			catch (InvalidProtocolBufferException ex) {
				return valid;
			}
			return new Script(requests, Expect.ANY, Status.Code.OK, false);
		}
		ReduceRequest.WindowOperation.Builder operation = base.getOperation().toBuilder();
		ReduceRequest bad = switch (random.nextInt(8)) {
			case 0 -> base.toBuilder().clearOperation().build();
			case 1 -> base.toBuilder().setOperation(operation.clearWindows()).build();
			case 2 -> base.toBuilder().setOperation(operation.addWindows(WINDOWS.get(1))).build();
			case 3 -> base.toBuilder().clearPayload().build();
			case 4 -> base.toBuilder().setOperation(operation.setEventValue(2 + random.nextInt(2))).build();
			case 5 ->
				base.toBuilder().setOperation(operation.setWindows(0, WINDOWS.get(0).toBuilder().clearEnd())).build();
			case 6 -> base.toBuilder().setOperation(operation.setEvent(Event.OPEN)).clearPayload().build();
			default -> null;
		};
		if (bad == null) {
			ReduceRequest oversized = ReduceClient.append(WINDOWS.get(0), List.of("m"), "x".repeat(MAX_MESSAGE_SIZE));
			requests.add(at, oversized);
			return new Script(requests, Expect.ERROR, Status.Code.RESOURCE_EXHAUSTED, false);
		}
		requests.add(at, bad);
		return new Script(requests, Expect.ERROR, Status.Code.INVALID_ARGUMENT, false);
	}

	private static Script wellFormed(Random random, int count) {
		List<ReduceRequest> requests = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Window window = WINDOWS.get(random.nextInt(WINDOWS.size()));
			List<String> keys = KEYS.get(random.nextInt(KEYS.size()));
			int event = random.nextInt(10);
			Event kind = (event < 2) ? Event.OPEN : (event < 3) ? Event.CLOSE : Event.APPEND;
			String value = "v".repeat(random.nextInt(200));
			requests.add(ReduceClient.request(kind, window, keys, value));
		}
		return new Script(requests, Expect.RESULTS, Status.Code.OK, false);
	}

	private static ResponseRecorder run(ReduceClient client, Script script) {
		ResponseRecorder recorder = new ResponseRecorder();
		AtomicReference<ClientCallStreamObserver<ReduceRequest>> call = new AtomicReference<>();
		client.async().reduceFn(recorder.capturing(call));
		ClientCallStreamObserver<ReduceRequest> requests = Objects.requireNonNull(call.get());
		for (ReduceRequest request : script.requests()) {
			if (recorder.isDone()) {
				break;
			}
			requests.onNext(request);
		}
		if (script.cancel()) {
			requests.cancel("fuzz cancels", null);
		}
		else if (!recorder.isDone()) {
			requests.onCompleted();
		}
		return recorder;
	}

	private static void check(Script script, ResponseRecorder recorder, String which) throws Exception {
		Status status = recorder.awaitEnd(TIMEOUT);
		switch (script.expect()) {
			case RESULTS -> {
				assertThat(status.getCode()).as(which).isEqualTo(Status.Code.OK);
				assertThat(results(recorder)).as(which).isEqualTo(model(script.requests()));
				List<ReduceResponse> responses = recorder.responses();
				long eofs = responses.stream().filter(ReduceResponse::getEOF).count();
				Set<Window> windows = new HashSet<>();
				for (ReduceRequest request : script.requests()) {
					if (request.getOperation().getEvent() != Event.CLOSE) {
						windows.add(request.getOperation().getWindows(0));
					}
				}
				assertThat(eofs).as(which).isEqualTo(windows.size());
				if (!responses.isEmpty()) {
					assertThat(responses.get(responses.size() - 1).getEOF()).as(which).isTrue();
				}
			}
			case ERROR -> {
				assertThat(status.getCode()).as(which).isEqualTo(script.code());
				assertThat(recorder.responses()).as(which).noneMatch(ReduceResponse::getEOF);
			}
			case CANCEL -> assertThat(status.getCode()).as(which).isEqualTo(Status.Code.CANCELLED);
			case ANY -> assertThat(status.getCode()).as(which)
				.isIn(Status.Code.OK, Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED);
		}
	}

	/** Per (window end, keys): datums and bytes, as the streamer reports them. */
	private static Map<String, String> model(List<ReduceRequest> requests) {
		Map<String, long[]> counts = new HashMap<>();
		for (ReduceRequest request : requests) {
			if (request.getOperation().getEvent() == Event.CLOSE) {
				continue;
			}
			String id = request.getOperation().getWindows(0).getEnd().getSeconds() + "|"
					+ request.getPayload().getKeysCount() + request.getPayload().getKeysList();
			long[] count = counts.computeIfAbsent(id, (key) -> new long[2]);
			count[0]++;
			count[1] += request.getPayload().getValue().size();
		}
		Map<String, String> expected = new HashMap<>();
		counts.forEach((id, count) -> expected.put(id, count[0] + ":" + count[1]));
		return expected;
	}

	private static Map<String, String> results(ResponseRecorder recorder) {
		Map<String, String> actual = new HashMap<>();
		for (ReduceResponse response : recorder.results()) {
			String id = response.getWindow().getEnd().getSeconds() + "|" + response.getResult().getKeysCount()
					+ response.getResult().getKeysList();
			String previous = actual.put(id, response.getResult().getValue().toStringUtf8());
			assertThat(previous).as("one result per key set, %s", id).isNull();
		}
		return actual;
	}

}
