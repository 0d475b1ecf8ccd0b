package dev.numaflow.reducestream.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.codec.PayloadCodec;

/**
 * What every stream of one server shares: the handler pool, the streamer factory, the
 * payload codec and the limits.
 */
final class StreamContext {

	private static final Logger logger = LoggerFactory.getLogger(StreamContext.class);

	private final Executor executor;

	private final @Nullable EventLoopGroup transport;

	private final ReduceStreamerFactory factory;

	private final PayloadCodec codec;

	private final ReduceStreamServerSettings settings;

	private final ReduceStreamListener listener;

	/** Whether there is a listener at all. */
	private final boolean timed;

	private final Consumer<Throwable> handlerFailures;

	private final TimerClock timerClock;

	/** {@code null} for {@link ReduceStreamTracing#NONE}: key sets then skip tracing. */
	private final @Nullable ReduceStreamTracing tracing;

	/** Whether a tracing fault has been logged at WARN. */
	private final AtomicBoolean tracingFaultLogged = new AtomicBoolean();

	private final AtomicInteger activeStreams = new AtomicInteger();

	private final AtomicLong streamsStarted = new AtomicLong();

	private final HandlingCost handlingCost = new HandlingCost();

	/**
	 * With {@link StreamerThreads#TRANSPORT}, the turn runner of each event loop, in the
	 * group's order; else empty.
	 */
	private final List<TransportTurns> transportTurns;

	StreamContext(Executor executor, @Nullable EventLoopGroup transport, ReduceStreamerFactory factory,
			PayloadCodec codec, ReduceStreamServerSettings settings, ReduceStreamListener listener,
			Consumer<Throwable> handlerFailures) {
		this(executor, transport, factory, codec, settings, listener, handlerFailures, new SystemTimerClock());
	}

	StreamContext(Executor executor, @Nullable EventLoopGroup transport, ReduceStreamerFactory factory,
			PayloadCodec codec, ReduceStreamServerSettings settings, ReduceStreamListener listener,
			Consumer<Throwable> handlerFailures, TimerClock timerClock) {
		this(executor, transport, factory, codec, settings, listener, handlerFailures, timerClock,
				ReduceStreamTracing.NONE);
	}

	StreamContext(Executor executor, @Nullable EventLoopGroup transport, ReduceStreamerFactory factory,
			PayloadCodec codec, ReduceStreamServerSettings settings, ReduceStreamListener listener,
			Consumer<Throwable> handlerFailures, TimerClock timerClock, ReduceStreamTracing tracing) {
		this.timerClock = timerClock;
		this.tracing = (tracing != ReduceStreamTracing.NONE) ? tracing : null;
		this.executor = executor;
		this.transport = transport;
		this.factory = factory;
		this.codec = codec;
		this.settings = settings;
		this.listener = GuardedListener.of(List.of(listener));
		this.timed = this.listener != ReduceStreamListener.NONE;
		this.handlerFailures = handlerFailures;
		List<TransportTurns> turns = new ArrayList<>();
		if (transport != null && settings.streamerThreads() == StreamerThreads.TRANSPORT) {
			for (EventExecutor loop : transport) {
				turns.add(new TransportTurns(loop));
			}
		}
		this.transportTurns = List.copyOf(turns);
	}

	/** The listeners, behind their fault boundary: calling them never throws. */
	ReduceStreamListener listener() {
		return this.listener;
	}

	/**
	 * Whether user code is timed for the listeners: asked per turn, as a listener may
	 * start or stop wanting the times.
	 */
	boolean timed() {
		return this.timed && this.listener.timesHandlers();
	}

	/** The one scheduler of every key set's timer. */
	TimerClock timerClock() {
		return this.timerClock;
	}

	/** The key sets' tracing, or {@code null} when there is none. */
	@Nullable ReduceStreamTracing tracing() {
		return this.tracing;
	}

	/**
	 * A tracing call failed: whether this is the first time (then it is logged at WARN).
	 */
	boolean firstTracingFault() {
		return !this.tracingFaultLogged.getAndSet(true);
	}

	Executor executor() {
		return this.executor;
	}

	/**
	 * The transport event loop the calling thread runs, if it is one of the server's.
	 * @return the event loop, or {@code null} when called from another thread
	 */
	@Nullable EventExecutor currentTransportLoop() {
		EventLoopGroup group = this.transport;
		if (group != null) {
			for (EventExecutor loop : group) {
				if (loop.inEventLoop()) {
					return loop;
				}
			}
		}
		return null;
	}

	/**
	 * Where the turns of a stream served by this event loop run, if not on the handler
	 * pool.
	 * @param loop the stream's event loop
	 * @return the loop's turn runner with {@link StreamerThreads#TRANSPORT}, else
	 * {@code null}
	 */
	@Nullable TransportTurns transportTurns(EventExecutor loop) {
		for (TransportTurns turns : this.transportTurns) {
			if (turns.runsOn(loop)) {
				return turns;
			}
		}
		return null;
	}

	/** Every event loop's turn runner: empty unless {@link StreamerThreads#TRANSPORT}. */
	List<TransportTurns> transportTurns() {
		return this.transportTurns;
	}

	/** How many threads run user code: the most pool tasks one dispatch submits. */
	int handlerThreads() {
		return this.settings.handlerThreads();
	}

	/** What an item of a turn has been taking: how widely groups of turns spread. */
	HandlingCost handlingCost() {
		return this.handlingCost;
	}

	ReduceStreamerFactory factory() {
		return this.factory;
	}

	/** Decodes datums and encodes results for the typed API. */
	PayloadCodec codec() {
		return this.codec;
	}

	int maxPendingDatums() {
		return this.settings.maxPendingDatums();
	}

	int maxPendingResults() {
		return this.settings.maxPendingResults();
	}

	int transportBuffer() {
		return this.settings.transportBuffer();
	}

	String containerType() {
		return this.settings.containerType();
	}

	int activeStreams() {
		return this.activeStreams.get();
	}

	long streamsStarted() {
		return this.streamsStarted.get();
	}

	void streamStarted() {
		this.activeStreams.incrementAndGet();
		this.streamsStarted.incrementAndGet();
		this.listener.streamOpened();
	}

	void streamEnded(ReduceStreamListener.Outcome outcome) {
		this.activeStreams.decrementAndGet();
		this.listener.streamClosed(outcome);
	}

	/**
	 * User code failed and its stream has been told: apply the server's failure policy.
	 */
	void handlerFailed(Throwable cause) {
		try {
			this.handlerFailures.accept(cause);
		}
		catch (Throwable ex) {
			logger.warn("The handler failure policy failed", ex);
		}
	}

}
