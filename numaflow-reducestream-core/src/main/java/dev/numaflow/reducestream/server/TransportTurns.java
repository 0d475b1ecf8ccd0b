package dev.numaflow.reducestream.server;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs key sets' turns on one transport thread, for {@link StreamerThreads#TRANSPORT}:
 * one per event loop of the server, shared by the streams of its connections. A turn
 * handed over on the loop runs at once, without a hand-off to another thread; one handed
 * over while a turn runs (a key set that yields, a parked one resumed by a write) runs
 * after it, so turns never nest; one handed over from another thread (a timer's firing, a
 * stop) waits in a queue of our own that one task of the loop empties. Each of those
 * holds a key set's claim: a loop that refuses the task, or that ends before it runs,
 * does not lose them, as {@link #dropLeftovers()} releases what is left once the loop has
 * stopped.
 * <p>
 * Every turn moves a stamp that {@link TransportTurnWatch} reads from its own thread: odd
 * while a turn runs, changed by each key set's turn (two ordered stores per turn, one
 * more per key set of a group). A stamp that is odd and has not moved since the last look
 * means one key set's turn is holding the transport thread.
 */
final class TransportTurns {

	private static final Logger logger = LoggerFactory.getLogger(TransportTurns.class);

	private static final AtomicLongFieldUpdater<TransportTurns> STAMP = AtomicLongFieldUpdater
		.newUpdater(TransportTurns.class, "stamp");

	private final EventExecutor loop;

	/** Turns handed over while one runs. The loop's. */
	private final ArrayDeque<HandlerTask> waiting = new ArrayDeque<>();

	/** Whether a turn runs. The loop's. */
	private boolean running;

	/** Turns handed over from other threads, not yet taken by the loop. */
	private final ConcurrentLinkedQueue<HandlerTask> handedOver = new ConcurrentLinkedQueue<>();

	/** Whether a task of the loop is queued to take {@link #handedOver}. */
	private final AtomicBoolean takeQueued = new AtomicBoolean();

	private final Runnable takeHandedOver = this::takeHandedOver;

	/** Written by the loop only, with ordered stores: they cost no fence. */
	private volatile long stamp;

	/** The loop's thread, once it has run a turn. */
	private volatile @Nullable Thread thread;

	/** The watch's: the stamp at its last look, and the last stamp it warned about. */
	private long lastSeen;

	private long warnedAbout = -1;

	TransportTurns(EventExecutor loop) {
		this.loop = loop;
	}

	/**
	 * Run a claimed turn on this loop: now if called on it, else as a task of the loop.
	 * Any thread.
	 * @throws java.util.concurrent.RejectedExecutionException if the loop is shut down
	 */
	void execute(HandlerTask task) {
		if (this.loop.inEventLoop()) {
			run(task);
			return;
		}
		this.handedOver.add(task);
		try {
			queueTake();
		}
		catch (RejectedExecutionException ex) {
			if (this.handedOver.remove(task)) {
				// The caller releases it; others left here, dropLeftovers() does.
				throw ex;
			}
			// The loop's last task took it after all.
		}
	}

	/**
	 * Make sure a task of the loop will take the turns handed over. Any thread.
	 * @throws RejectedExecutionException if the loop is shut down: what it has not taken
	 * is then {@link #dropLeftovers()}'
	 */
	private void queueTake() {
		if (this.takeQueued.compareAndSet(false, true)) {
			try {
				this.loop.execute(this.takeHandedOver);
			}
			catch (Throwable ex) {
				this.takeQueued.set(false);
				throw ex;
			}
		}
	}

	/** The loop takes the turns other threads handed over, and runs them. */
	private void takeHandedOver() {
		this.takeQueued.set(false);
		HandlerTask next;
		while ((next = this.handedOver.poll()) != null) {
			run(next);
		}
	}

	/**
	 * Release the key sets of turns handed over that the loop never took: once it has
	 * stopped (or was given up on). Any thread; each such turn is taken once, by the loop
	 * or here.
	 */
	void dropLeftovers() {
		HandlerTask next;
		while ((next = this.handedOver.poll()) != null) {
			try {
				next.dropped();
			}
			catch (Throwable fault) {
				logger.warn("A key set could not be released after the transport stopped",
						Throwables.describable(fault));
			}
		}
	}

	/**
	 * Run a task of the loop once the turns running now, and those waiting behind them,
	 * are done. Any thread.
	 * @throws java.util.concurrent.RejectedExecutionException if the loop is shut down
	 */
	void afterTurns(Runnable task) {
		this.loop.execute(task);
	}

	/** Whether this runs the turns of the given loop. */
	boolean runsOn(EventExecutor loop) {
		return this.loop == loop;
	}

	/** Whether the calling thread is this loop's. */
	boolean inLoop() {
		return this.loop.inEventLoop();
	}

	private void run(HandlerTask task) {
		if (this.running) {
			this.waiting.add(task);
			return;
		}
		this.running = true;
		if (this.thread == null) {
			this.thread = Thread.currentThread();
		}
		try {
			HandlerTask next = task;
			do {
				runOne(next);
			}
			while ((next = this.waiting.poll()) != null);
		}
		finally {
			this.running = false;
			if (!this.waiting.isEmpty()) {
				// Only after an error escaped a turn's own fault handling: the turns
				// still waiting hold claims, so they run as a task of their own.
				handOverWaiting();
			}
		}
	}

	private void handOverWaiting() {
		HandlerTask next;
		while ((next = this.waiting.poll()) != null) {
			this.handedOver.add(next);
		}
		try {
			queueTake();
		}
		catch (Throwable refused) {
			// Released by dropLeftovers() once the transport has stopped.
		}
	}

	private void runOne(HandlerTask task) {
		STAMP.lazySet(this, this.stamp + 1);
		try {
			task.run();
		}
		catch (Throwable fault) {
			// A turn catches its own faults, and those of its streamer; what gets here is
			// a defect of ours or an error of the JVM. The transport thread goes on, and
			// so do the turns waiting behind this one.
			try {
				logger.error("A key set's turn on the transport thread failed", Throwables.describable(fault));
			}
			catch (Throwable ignored) {
				// Not even the log: the turns waiting must still run.
			}
		}
		finally {
			STAMP.lazySet(this, this.stamp + 1);
		}
	}

	/** A group of turns moves on to its next key set. The loop only, inside a turn. */
	void nextKeySet() {
		STAMP.lazySet(this, this.stamp + 2);
	}

	/** Whether the turn seen at the last look still runs. The watch's thread only. */
	boolean stillHeld() {
		return this.stamp == this.lastSeen;
	}

	/**
	 * The watch's look: whether the same turn has held the thread since the last one, and
	 * has not been reported yet. The watch's thread only.
	 * @return the thread held, or {@code null}
	 */
	@Nullable Thread heldSinceLastLook() {
		long now = this.stamp;
		boolean held = (now & 1) == 1 && now == this.lastSeen && now != this.warnedAbout;
		this.lastSeen = now;
		if (held) {
			this.warnedAbout = now;
			return this.thread;
		}
		return null;
	}

}
