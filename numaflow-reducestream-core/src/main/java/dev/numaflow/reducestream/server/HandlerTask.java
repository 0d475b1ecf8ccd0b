package dev.numaflow.reducestream.server;

/**
 * A task of the handler pool that holds claimed key sets: when the pool refuses it, or is
 * shut down before it runs, {@link #dropped()} ends their streams and releases them on
 * the calling thread, as no handler thread will.
 */
interface HandlerTask extends Runnable {

	/**
	 * The pool refused or dropped this task: end its streams and release its key sets.
	 */
	void dropped();

}
