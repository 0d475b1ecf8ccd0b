package dev.numaflow.reducestream.server;

/**
 * A task of the handler pool that holds key sets: when the pool is shut down before it
 * runs, they are released by {@link #dropped()}, as no thread will run them.
 */
interface HandlerTask extends Runnable {

	/** The pool dropped this task while shutting down: release its key sets. */
	void dropped();

}
