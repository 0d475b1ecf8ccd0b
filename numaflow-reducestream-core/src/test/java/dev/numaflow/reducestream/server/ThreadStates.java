package dev.numaflow.reducestream.server;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.Collectors;

/**
 * What a server thread is doing, read from its state and stack: a signal for tests that
 * would otherwise have to wait and see that nothing happens.
 */
final class ThreadStates {

	private ThreadStates() {
	}

	/** The live threads whose names start with a prefix. */
	static Set<Thread> named(String prefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith(prefix))
			.collect(Collectors.toSet());
	}

	/** Whether a thread waits inside a method of a class. */
	static boolean waitingIn(Thread thread, Class<?> type, String method) {
		return isWaiting(thread) && Arrays.stream(thread.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().equals(type.getName()) && frame.getMethodName().equals(method));
	}

	/** Whether a pool thread waits for a task: it runs nothing and holds nothing. */
	static boolean idleInPool(Thread thread) {
		return waitingIn(thread, ThreadPoolExecutor.class, "getTask");
	}

	/**
	 * Whether a scheduler's thread waits with nothing scheduled: with a task due later,
	 * it waits with a timeout ({@code awaitNanos}) instead.
	 */
	static boolean idleWithNothingScheduled(Thread thread) {
		return thread.getState() == Thread.State.WAITING && Arrays.stream(thread.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().endsWith("ConditionObject")
					&& frame.getMethodName().equals("await"));
	}

	private static boolean isWaiting(Thread thread) {
		Thread.State state = thread.getState();
		return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
	}

}
