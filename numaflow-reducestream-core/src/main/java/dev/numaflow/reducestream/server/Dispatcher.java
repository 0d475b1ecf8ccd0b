package dev.numaflow.reducestream.server;

import java.util.ArrayList;
import java.util.concurrent.RejectedExecutionException;

import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;

/**
 * Hands one stream's key sets to the handler pool. A datum does not wake a handler thread
 * by itself: the key sets that received datums are collected on a ready list, and once
 * the transport has delivered every message of its current read, the list is claimed and
 * handed over in one go, one task per handler thread at most (see {@link KeySetTurns}).
 * On a socket the read ends when the event loop runs its tasks; on another transport (the
 * test kit's in-process one) each request is a read of its own. Either way the same path
 * claims and submits.
 * <p>
 * The ready list is the request callbacks' (the transport thread's);
 * {@link #schedule(KeySet)} and {@link #submit(HandlerTask)} may be called from any
 * thread. Every hand-off to the pool is a fault boundary: a pool that refuses (it is
 * shutting down) or throws ends the stream, and the key sets of the refused task are
 * released on the calling thread.
 */
final class Dispatcher {

	private final WindowStream stream;

	private final StreamContext context;

	/** The event loop running the request callbacks, or null on another transport. */
	private final @Nullable EventExecutor transportLoop;

	private ArrayList<KeySet> ready = new ArrayList<>();

	/** Whether {@link #dispatchReady()} is queued on the transport loop. */
	private boolean dispatchQueued;

	private final Runnable dispatch = this::dispatchReady;

	Dispatcher(WindowStream stream, StreamContext context, @Nullable EventExecutor transportLoop) {
		this.stream = stream;
		this.context = context;
		this.transportLoop = transportLoop;
	}

	/**
	 * The key set has new items: make sure it gets a turn after the current read. Request
	 * callbacks only.
	 */
	void ready(KeySet keySet) {
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
		submitGroup(claimed, count);
	}

	/**
	 * Hand claimed key sets to the pool: one alone, several as a group with one hand-off
	 * per handler thread at most. Any thread.
	 */
	void submitGroup(KeySet[] claimed, int count) {
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
			submitCopies(turns, count);
		}
	}

	/**
	 * Hand a group of turns to the pool once per handler thread, or once per key set if
	 * it has fewer. Any thread.
	 */
	void submitCopies(KeySetTurns turns, int keySets) {
		int copies = Math.max(1, Math.min(keySets, this.context.handlerThreads()));
		for (int i = 0; i < copies; i++) {
			if (!submit(turns)) {
				// The copies already queued run, or are dropped with the pool.
				return;
			}
		}
	}

	/** Make sure a key set gets a turn soon, for instance to release it. Any thread. */
	void schedule(KeySet keySet) {
		if (keySet.claim()) {
			submit(keySet);
		}
	}

	/**
	 * Hand a claimed task to the pool. Any thread.
	 * @return whether the pool took it; if not, the stream has ended and the task's key
	 * sets were released on this thread
	 */
	boolean submit(HandlerTask task) {
		try {
			this.context.executor().execute(task);
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
