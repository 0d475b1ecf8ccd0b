package dev.numaflow.reducestream.server;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

/**
 * One (window, key set): a mailbox of datums drained by turns on the handler pool, at
 * most one turn at a time, so the key set's calls are serial and in order while key sets
 * share the pool. It holds no thread while idle. A firing of its timer
 * ({@link KeySetTimer}) is one more thing a turn takes, claimed the same way. The calls
 * into the streamer are {@link KeySetCalls}'.
 * <p>
 * Its scheduling is one state word: <pre>
 * IDLE --claim (any thread, CAS)--&gt; CLAIMED --turn ends--&gt; IDLE
 *                                    CLAIMED --writer saturated--&gt; PARKED --writer resumes--&gt; CLAIMED
 *                                    CLAIMED --end of input run, failure, or stream ended--&gt; DONE (final)
 * </pre> Whoever holds the claim (a queued or running turn, a parked entry, or the thread
 * whose hand-off the pool refused) owns everything else here: the streamer, the mailbox's
 * consumer side, the move to DONE. DONE is entered under the writer's monitor, which is
 * what closes the key set's output.
 */
final class KeySet extends KeySetCalls implements HandlerTask {

	/** How many items one turn takes before yielding to other key sets. */
	static final int ITEMS_PER_TURN = 64;

	/** Marks the end of the key set's input in the mailbox. */
	private static final Object END_OF_INPUT = new Object();

	static final int IDLE = 0;

	static final int CLAIMED = 1;

	static final int PARKED = 2;

	static final int DONE = 3;

	/** A field with an updater, not an atomic object: one object less per key set. */
	private static final AtomicIntegerFieldUpdater<KeySet> STATE = AtomicIntegerFieldUpdater.newUpdater(KeySet.class,
			"state");

	private final Mailbox mailbox = new Mailbox();

	private volatile int state = IDLE;

	/** On the stream's ready list: the dispatcher's, transport thread only. */
	boolean ready;

	KeySet(WindowStream stream, Metadata metadata, Window window) {
		super(stream, metadata, window);
	}

	/** Whether a datum of this window and these keys belongs to this key set. */
	boolean isFor(Window window, List<String> keys) {
		return ProtoMapping.sameBounds(this.window, window) && this.metadata.keys().equals(keys);
	}

	int state() {
		return this.state;
	}

	@Override
	boolean isDone() {
		return this.state == DONE;
	}

	/** Add a datum, not yet visible to a turn. Request callbacks only. */
	void add(Datum datum) {
		this.mailbox.add(datum);
	}

	/** Add the end of input, not yet visible to a turn. Request callbacks only. */
	void addEndOfInput() {
		this.mailbox.add(END_OF_INPUT);
	}

	/** Publish what was added; before {@link #claim()}, so a turn that ends sees it. */
	void publish() {
		this.mailbox.publish();
	}

	/** Claim the next turn (then run it or hand it over); fails unless IDLE. */
	boolean claim() {
		return STATE.compareAndSet(this, IDLE, CLAIMED);
	}

	/** The writer has room again: the parked key set takes its next turn. */
	void resume() {
		resumeClaimed();
		this.stream.dispatcher().submit(this);
	}

	/** Parked no more: the claim passes to whoever submits its next turn. */
	void resumeClaimed() {
		this.state = CLAIMED;
	}

	/** Called by the writer under its monitor: the output closes, for good. */
	void markDone() {
		this.state = DONE;
	}

	@Override
	public void run() {
		runTurn();
	}

	/**
	 * One turn, as {@link #run()}.
	 * @return the items it took from the mailbox, for the group's {@link HandlingCost}
	 */
	int runTurn() {
		long before = this.mailbox.consumed();
		int next;
		try {
			next = turn();
		}
		catch (Throwable fault) {
			// Not the user's code (that is caught where it is called): a defect of ours
			// or
			// an error of the JVM. This turn still holds the claim: the stream ends and
			// the
			// key set is released all the same.
			try {
				this.stream.runtimeFault(fault);
			}
			finally {
				abandon();
			}
			return 0;
		}
		// Read while this turn still holds the claim: the mailbox's consumer side is its.
		int taken = (int) (this.mailbox.consumed() - before);
		try {
			if (next == PARKED) {
				this.state = PARKED;
				this.stream.responses().park(this);
			}
			else if (next == IDLE) {
				long consumed = this.mailbox.consumed();
				this.state = IDLE;
				// After the volatile write, read what was published: items published
				// before a failed claim are seen here, and so is a stream that ended
				// meanwhile.
				if (this.mailbox.published() != consumed || this.stream.isEnded() || timerDue()) {
					this.stream.dispatcher().schedule(this);
				}
				this.stream.responses().resumeIfRoom();
			}
		}
		catch (Throwable fault) {
			// The claim has passed on: the key set is another turn's now; the stream
			// ends.
			this.stream.runtimeFault(fault);
		}
		return taken;
	}

	/**
	 * Up to {@link #ITEMS_PER_TURN} items, holding the claim throughout.
	 * @return {@link #IDLE} to give the claim up, {@link #PARKED} to park, or
	 * {@link #DONE}
	 */
	private int turn() {
		StreamContext context = this.stream.context();
		ResponseWriter responses = this.stream.responses();
		TurnTimer timer = context.timed() ? TurnTimer.start() : null;
		int handled = 0;
		// At most one firing per turn: a timer whose onTimer takes as long as its
		// interval would otherwise keep the datums waiting; the end of the turn gives the
		// next firing a turn of its own.
		boolean fired = false;
		try {
			for (int taken = 0; taken < ITEMS_PER_TURN; taken++) {
				if (this.stream.isEnded()) {
					abandon();
					return DONE;
				}
				if (responses.isSaturated()) {
					return PARKED;
				}
				KeySetTimer due = fired ? null : dueTimer();
				if (due != null) {
					fired = true;
					if (!timer(due, timer)) {
						return DONE;
					}
					continue;
				}
				Object item = this.mailbox.poll();
				if (item == null) {
					break;
				}
				if (item == END_OF_INPUT) {
					endOfInput(timer);
					return DONE;
				}
				if (!datum((Datum) item, timer)) {
					return DONE;
				}
				handled++;
			}
		}
		finally {
			// Before anything else: the thread serves other key sets next.
			endTurn();
			if (timer != null) {
				timer.flush(context.listener());
			}
			if (handled > 0) {
				// Never throws: a transport that refuses ends the stream.
				this.stream.datumsHandled(handled);
			}
		}
		return IDLE;
	}

	/** The timer put a firing in: the key set needs a turn. The clock's thread. */
	void timerFired() {
		this.stream.dispatcher().schedule(this);
	}

	/** The stream ended before this key set's input did. */
	private void abandon() {
		if (this.state != DONE) {
			close(true);
		}
	}

	/** The pool refused or dropped this claimed turn: end the stream, release here. */
	@Override
	public void dropped() {
		this.stream.poolRefused(new RejectedExecutionException("The handler pool dropped a key set's turn"));
		abandon();
	}

	/**
	 * The one way to DONE: the mailbox is dropped, the output closes, the streamer is
	 * told if its input did not end, then released, and the listener hears of it once.
	 */
	@Override
	void close(boolean cancelled) {
		this.mailbox.clear();
		this.stream.responses().retire(this);
		releaseStreamer(cancelled);
		this.stream.context().listener().keySetClosed();
	}

}
