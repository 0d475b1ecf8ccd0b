package dev.numaflow.reducestream.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A handler pool for deterministic tests: it queues what it is given until the test runs
 * it, on the test's own thread, and can refuse hand-offs as a pool that is shutting down
 * does, or fail them with an {@link Error}.
 */
final class ControllableExecutor implements Executor {

	/** How {@link #execute(Runnable)} answers. */
	enum Mode {

		/** Queue the task. */
		ACCEPT,

		/** Throw {@link RejectedExecutionException}, as a pool that is shutting down. */
		REJECT,

		/** Throw an {@link Error}, as a broken pool. */
		THROW_ERROR

	}

	/** More tasks than this in one {@link #runAll()} means that something loops. */
	private static final int MAX_RUN = 100_000;

	private final Deque<Runnable> tasks = new ArrayDeque<>();

	private Mode mode = Mode.ACCEPT;

	private int refused;

	void mode(Mode mode) {
		this.mode = mode;
	}

	@Override
	public void execute(Runnable task) {
		switch (this.mode) {
			case ACCEPT -> this.tasks.add(task);
			case REJECT -> {
				this.refused++;
				throw new RejectedExecutionException("refused by the test");
			}
			case THROW_ERROR -> {
				this.refused++;
				throw new Error("the test's executor failed");
			}
		}
	}

	/**
	 * Run the oldest queued task.
	 * @return whether there was one
	 */
	boolean runNext() {
		Runnable task = this.tasks.poll();
		if (task == null) {
			return false;
		}
		task.run();
		return true;
	}

	/**
	 * Run queued tasks, and those they queue, until none is left.
	 * @return how many ran
	 */
	int runAll() {
		int ran = 0;
		while (runNext()) {
			if (++ran > MAX_RUN) {
				throw new IllegalStateException("More than " + MAX_RUN + " tasks: something keeps rescheduling");
			}
		}
		return ran;
	}

	/** The tasks waiting, oldest first. */
	List<Runnable> queued() {
		return List.copyOf(this.tasks);
	}

	/** How many hand-offs were refused or failed. */
	int refused() {
		return this.refused;
	}

}
