package dev.numaflow.reducestream.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.proto.reduce.v1.ReduceRequest;
import dev.numaflow.reducestream.proto.reduce.v1.Window;
import dev.numaflow.reducestream.serverinfo.ServerInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Key-set timers through the real server over its Unix domain socket: on the server's own
 * clock (real time, its timer thread), and on a {@link ManualTimerClock} where a test
 * needs to know exactly when a timer fires.
 */
class TimerSocketTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final Window WINDOW = ReduceClient.window(60_000, 120_000);

	@TempDir
	Path directory;

	private final List<AutoCloseable> resources = new ArrayList<>();

	/** Streamer events, in order: "datum:k", "timer:k", "end:k", "cancel:k". */
	private final Queue<String> events = new ConcurrentLinkedQueue<>();

	/** Broken rules, seen by the streamers. */
	private final Queue<String> violations = new ConcurrentLinkedQueue<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	private ReduceClient start(@Nullable TimerClock clock, ReduceStreamerFactory factory) {
		ReduceStreamServer server = new ReduceStreamServer(
				TestServers.onTestTransport(TestServers.settings(this.directory)), factory, ServerInfo.forThisStarter(),
				ReduceStreamListener.NONE, null, clock);
		server.start();
		this.resources.add(server::stop);
		ReduceClient client = ReduceClient.connect(server.getSocketPath());
		this.resources.add(0, client);
		return client;
	}

	@Test
	void aRepeatingTimerFiresWhileTheWindowIsOpenWithNoDatumArriving() throws Exception {
		ReduceClient client = start(null, (metadata) -> new Ticking(Duration.ofMillis(20), null));
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		// One datum, then nothing: the results that follow come from the timer alone.
		await().atMost(TIMEOUT).until(() -> recorder.resultValues().size() >= 3);
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(recorder.resultValues()).startsWith("tick:1", "tick:2", "tick:3");
		assertThat(recorder.responses()).last().satisfies((response) -> assertThat(response.getEOF()).isTrue());
		assertThat(this.violations).isEmpty();
	}

	@Test
	void noTimerCallFollowsTheEndOfInputEvenWhenTheTimerFiresDuringIt() throws Exception {
		ManualTimerClock clock = new ManualTimerClock();
		CountDownLatch inEndOfInput = new CountDownLatch(1);
		CountDownLatch finishEndOfInput = new CountDownLatch(1);
		ReduceClient client = start(clock, (metadata) -> new Ticking(Duration.ofSeconds(1), () -> {
			inEndOfInput.countDown();
			await().atMost(TIMEOUT).until(() -> finishEndOfInput.getCount() == 0);
		}));
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		await().atMost(TIMEOUT).until(() -> clock.untilNextTimer() != null);
		requests.onCompleted();
		assertThat(inEndOfInput.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		// The timer falls due while onEndOfInput runs: the key set's turn holds the
		// claim.
		assertThat(clock.advance(Duration.ofSeconds(1))).isOne();
		finishEndOfInput.countDown();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		await().atMost(TIMEOUT).until(() -> clock.pendingFirings() == 0);
		assertThat(clock.untilNextTimer()).isNull();
		assertThat(clock.advance(Duration.ofHours(1))).isZero();
		assertThat(this.events).containsExactly("datum:a", "end:a");
		assertThat(recorder.resultValues()).containsExactly("end:0");
	}

	@Test
	void underLoadTimerCallsNeverOverlapTheKeySetsOtherCallsNorFollowItsEndOfInput() throws Exception {
		int keySets = 32;
		ReduceClient client = start(null, (metadata) -> new Ticking(Duration.ofMillis(1), null));
		ResponseRecorder recorder = new ResponseRecorder();
		StreamObserver<ReduceRequest> requests = client.async().reduceFn(recorder);
		for (int round = 0; round < 50; round++) {
			for (int k = 0; k < keySets; k++) {
				requests.onNext(ReduceClient.append(WINDOW, List.of("k" + k), "x"));
			}
		}
		await().atMost(TIMEOUT).until(() -> this.events.stream().filter((e) -> e.startsWith("timer:")).count() > 100);
		requests.onCompleted();
		assertThat(recorder.awaitEnd(TIMEOUT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(recorder.resultValues().stream().filter((v) -> v.startsWith("end:"))).hasSize(keySets);
		assertThat(this.violations).isEmpty();
	}

	@Test
	void theTimersOfACancelledStreamStop() throws Exception {
		ManualTimerClock clock = new ManualTimerClock();
		ReduceClient client = start(clock, (metadata) -> new Ticking(Duration.ofSeconds(1), null));
		AtomicReference<@Nullable ClientCallStreamObserver<ReduceRequest>> call = new AtomicReference<>();
		ResponseRecorder recorder = new ResponseRecorder();
		client.async().reduceFn(recorder.capturing(call));
		ClientCallStreamObserver<ReduceRequest> requests = Objects.requireNonNull(call.get());
		requests.onNext(ReduceClient.open(WINDOW, List.of("a"), "x"));
		requests.onNext(ReduceClient.open(WINDOW, List.of("b"), "x"));
		await().atMost(TIMEOUT).until(() -> this.events.stream().filter((e) -> e.startsWith("datum:")).count() == 2);
		assertThat(clock.advance(Duration.ofSeconds(1))).isEqualTo(2);
		await().atMost(TIMEOUT).until(() -> recorder.resultValues().size() == 2);
		requests.cancel("the test cancels", null);
		await().atMost(TIMEOUT).until(() -> this.events.containsAll(List.of("cancel:a", "cancel:b")));
		assertThat(clock.untilNextTimer()).isNull();
		assertThat(clock.advance(Duration.ofHours(1))).isZero();
		assertThat(clock.pendingFirings()).isZero();
		assertThat(recorder.resultValues()).containsExactlyInAnyOrder("tick:1", "tick:1");
	}

	/**
	 * Sets a repeating timer on its first datum and sends {@code tick:<n>} on each
	 * firing; checks that its calls never overlap and that no timer call follows the end
	 * of input.
	 */
	private final class Ticking implements ReduceStreamer {

		private final Duration interval;

		private final @Nullable Runnable atEndOfInput;

		private final AtomicBoolean inCall = new AtomicBoolean();

		private final AtomicInteger ticks = new AtomicInteger();

		private volatile boolean ended;

		Ticking(Duration interval, @Nullable Runnable atEndOfInput) {
			this.interval = interval;
			this.atEndOfInput = atEndOfInput;
		}

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			enter("datum", metadata);
			output.timers().every(this.interval);
			leave("datum", metadata);
		}

		@Override
		public void onTimer(Output output, Metadata metadata) {
			enter("timer", metadata);
			if (this.ended) {
				TimerSocketTests.this.violations.add("timer after the end of input: " + metadata.keys());
			}
			output.send(Message.of("tick:" + this.ticks.incrementAndGet(), metadata.keys()));
			leave("timer", metadata);
		}

		@Override
		public void onEndOfInput(Output output, Metadata metadata) {
			this.ended = true;
			enter("end", metadata);
			Runnable hook = this.atEndOfInput;
			if (hook != null) {
				hook.run();
			}
			output.send(Message.of("end:" + this.ticks.get(), metadata.keys()));
			leave("end", metadata);
		}

		@Override
		public void onCancel(Metadata metadata) {
			TimerSocketTests.this.events.add("cancel:" + metadata.keys().get(0));
		}

		private void enter(String call, Metadata metadata) {
			if (!this.inCall.compareAndSet(false, true)) {
				TimerSocketTests.this.violations.add("overlapping " + call + " call: " + metadata.keys());
			}
		}

		/**
		 * Record the call once it has done its work: a test that waits for it then finds
		 * its timer set.
		 */
		private void leave(String call, Metadata metadata) {
			TimerSocketTests.this.events.add(call + ":" + metadata.keys().get(0));
			this.inCall.set(false);
		}

	}

}
