package dev.numaflow.reducestream.server;

import java.util.ArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * Hands one stream's key sets to the threads that run their turns. A datum does not wake
 * a handler thread by itself: the key sets that received datums are collected on a ready
 * list, and once the transport has delivered every message of its current read, the list
 * is claimed and handed over in one go, to as many handler threads as the read's items
 * are worth (see {@link KeySetTurns} and {@link HandlingCost}). On a socket the read ends
 * when the event loop runs its tasks; on another transport (the test kit's in-process
 * one) each request is a read of its own. Either way the same path claims and submits. A
 * group handed to fewer threads than it could use is watched from the transport loop and
 * gets another thread whenever its key sets stop starting turns; without a transport loop
 * no group is narrowed.
 * <p>
 * With {@link StreamerThreads#TRANSPORT} the same claims run on the stream's transport
 * thread instead ({@link TransportTurns}): a read's ready key sets run as one group right
 * after the read, with no other thread to wake, so no group is narrowed or watched.
 * <p>
 * The ready list is the request callbacks' (the transport thread's);
 * {@link #schedule(KeySet)} and {@link #submit(HandlerTask)} may be called from any
 * thread. Every hand-off to the pool is a fault boundary: a pool that refuses (it is
 * shutting down) or throws ends the stream, and the key sets of the refused task are
 * released on the calling thread.
 */
final class Dispatcher {

	/**
	 * How long a narrowed group may go without starting a key set's turn before it gets
	 * another handler thread.
	 */
	static final long WATCH_MILLIS = 5;

	private final WindowStream stream;

	private final StreamContext context;

	/** The event loop running the request callbacks, or null on another transport. */
	private final @Nullable EventExecutor transportLoop;

	/** Where the turns run when not on the handler pool. */
	private final @Nullable TransportTurns onTransport;

	private ArrayList<KeySet> ready = new ArrayList<>();

	/** Items added to the ready key sets since the last hand-over. */
	private long readyItems;

	/** Whether {@link #dispatchReady()} is queued on the transport loop. */
	private boolean dispatchQueued;

	private final Runnable dispatch = this::dispatchReady;

	/**
	 * Groups handed to fewer handler threads than they could use, while they run: the
	 * transport loop's.
	 */
	private final ArrayList<KeySetTurns> narrowed = new ArrayList<>();

	/** Whether {@link #watchNarrowed()} is scheduled on the transport loop. */
	private boolean watching;

	private final Runnable watchNarrowed = this::watchNarrowed;

	Dispatcher(WindowStream stream, StreamContext context, @Nullable EventExecutor transportLoop) {
		this.stream = stream;
		this.context = context;
		this.transportLoop = transportLoop;
		this.onTransport = (transportLoop != null) ? context.transportTurns(transportLoop) : null;
	}

	/** The transport thread's turn runner, if the turns run there. */
	@Nullable TransportTurns onTransport() {
		return this.onTransport;
	}

	/**
	 * The key set has new items: make sure it gets a turn after the current read. Request
	 * callbacks only.
	 */
	void ready(KeySet keySet) {
		this.readyItems++;
		if (keySet.ready) {
			return;
		}
		keySet.ready = true;
		this.ready.add(keySet);
		EventExecutor loop = this.transportLoop;
		if (loop != null && !this.dispatchQueued && loop.inEventLoop()) {
			this.dispatchQueued = true;
			try {
				// Netty runs its loop's tasks after the I/O of the current round, so
				// every
				// message of this read is in the mailboxes by then.
				loop.execute(this.dispatch);
			}
			catch (RejectedExecutionException ex) {
				// The transport is shutting down: hand over at once.
				dispatchReady();
			}
		}
	}

	/**
	 * A request callback has ended: without a transport loop to wait for, that is the end
	 * of the read. Request callbacks only.
	 */
	void requestDone() {
		if (this.transportLoop == null || !this.transportLoop.inEventLoop()) {
			dispatchReady();
		}
	}

	/**
	 * Claim the ready key sets' turns and submit them. Request callbacks (or tasks of the
	 * transport loop) only.
	 */
	private void dispatchReady() {
		try {
			claimAndSubmit();
		}
		catch (Throwable fault) {
			// Runs as a task of the transport loop too, outside any request callback.
			this.stream.runtimeFault(fault);
		}
	}

	private void claimAndSubmit() {
		this.dispatchQueued = false;
		ArrayList<KeySet> list = this.ready;
		int size = list.size();
		long items = this.readyItems;
		this.readyItems = 0;
		if (size == 0) {
			return;
		}
		if (size == 1) {
			// One key set per read, as at a low rate: no group to build.
			KeySet keySet = list.get(0);
			list.clear();
			keySet.ready = false;
			// Publish, then claim: a running turn that ends after a failed claim sees the
			// items.
			keySet.publish();
			if (keySet.claim()) {
				submit(keySet);
			}
			return;
		}
		KeySet[] claimed = new KeySet[size];
		int count = 0;
		for (int i = 0; i < size; i++) {
			KeySet keySet = list.get(i);
			keySet.ready = false;
			keySet.publish();
			if (keySet.claim()) {
				claimed[count++] = keySet;
			}
		}
		if (size > 1024) {
			// Do not keep a large array for the rest of the stream.
			this.ready = new ArrayList<>();
		}
		else {
			list.clear();
		}
		submitGroup(claimed, count, items);
	}

	/**
	 * Hand claimed key sets to the pool: one alone, several as a group with one hand-off
	 * per handler thread at most. Any thread.
	 * @param items the items waiting in them, or their number if not known
	 */
	void submitGroup(KeySet[] claimed, int count, long items) {
		if (count == 1) {
			submit(claimed[0]);
		}
		else if (count > 1) {
			KeySetTurns turns;
			try {
				turns = new KeySetTurns(claimed, count);
			}
			catch (Throwable fault) {
				// Claimed, never handed over: released here.
				this.stream.runtimeFault(fault);
				for (int i = 0; i < count; i++) {
					claimed[i].dropped();
				}
				return;
			}
			submitCopies(turns, count, items);
		}
	}

	/**
	 * Hand a group of turns to the pool once per handler thread its items are worth (see
	 * {@link HandlingCost}): once for a read of quick items, up to once per handler
	 * thread, or once per key set if it has fewer, for slow ones. Any thread.
	 * @param keySets the group's key sets not yet started
	 * @param items the items waiting in them, or their number if not known
	 */
	void submitCopies(KeySetTurns turns, int keySets, long items) {
		if (this.onTransport != null) {
			// One thread, one copy.
			submit(turns);
			return;
		}
		int threads = this.context.handlerThreads();
		int most = Math.max(1, Math.min(keySets, threads));
		int copies = this.context.handlingCost().copies(items, keySets, threads);
		EventExecutor loop = this.transportLoop;
		boolean watched = copies < most && loop != null && loop.inEventLoop();
		if (!watched) {
			// Only a group the transport loop watches runs on fewer threads than it
			// could.
			copies = most;
		}
		for (int i = 0; i < copies; i++) {
			if (!submit(turns)) {
				// The copies already queued run, or are dropped with the pool.
				return;
			}
		}
		if (watched) {
			if (turns.narrowed(copies, most)) {
				this.narrowed.add(turns);
			}
			watch();
		}
	}

	/**
	 * Look at the narrowed groups again after {@link #WATCH_MILLIS}. Transport loop only.
	 */
	private void watch() {
		EventExecutor loop = this.transportLoop;
		if (this.watching || loop == null) {
			return;
		}
		try {
			// The task catches what it throws: its future holds nothing to look at.
			Future<?> unused = loop.schedule(this.watchNarrowed, WATCH_MILLIS, TimeUnit.MILLISECONDS);
			this.watching = true;
		}
		catch (RejectedExecutionException ex) {
			// The transport is shutting down: nothing will watch, so spread them now.
			spreadNarrowed();
		}
	}

	/**
	 * A narrowed group in which no key set has started a turn since the last look has
	 * every copy inside a turn that takes long (or blocks), and the key sets behind it
	 * wait: it gets one more copy. Transport loop only, as a scheduled task.
	 */
	private void watchNarrowed() {
		this.watching = false;
		try {
			ArrayList<KeySetTurns> groups = this.narrowed;
			int kept = 0;
			for (int i = 0; i < groups.size(); i++) {
				KeySetTurns turns = groups.get(i);
				if (this.stream.isEnded() || !turns.canWiden()) {
					turns.unwatched();
					continue;
				}
				if (turns.stalled()) {
					if (!submit(turns)) {
						turns.unwatched();
						continue;
					}
					turns.widened();
				}
				groups.set(kept++, turns);
			}
			groups.subList(kept, groups.size()).clear();
			if (kept > 0) {
				watch();
			}
		}
		catch (Throwable fault) {
			this.stream.runtimeFault(fault);
		}
	}

	/** Give every narrowed group all the copies it could have. Transport loop only. */
	private void spreadNarrowed() {
		for (KeySetTurns turns : this.narrowed) {
			while (turns.canWiden() && submit(turns)) {
				turns.widened();
			}
			turns.unwatched();
		}
		this.narrowed.clear();
	}

	/** Make sure a key set gets a turn soon, for instance to release it. Any thread. */
	void schedule(KeySet keySet) {
		if (keySet.claim()) {
			submit(keySet);
		}
	}

	/**
	 * Hand a claimed task to the pool, or with {@link StreamerThreads#TRANSPORT} run it
	 * on the transport thread. Any thread.
	 * @return whether the pool (or the transport loop) took it; if not, the stream has
	 * ended and the task's key sets were released on this thread
	 */
	boolean submit(HandlerTask task) {
		try {
			TransportTurns turns = this.onTransport;
			if (turns != null) {
				turns.execute(task);
			}
			else {
				this.context.executor().execute(task);
			}
			return true;
		}
		catch (RejectedExecutionException ex) {
			this.stream.poolRefused(ex);
		}
		catch (Throwable ex) {
			this.stream.runtimeFault(ex);
		}
		task.dropped();
		return false;
	}

}
