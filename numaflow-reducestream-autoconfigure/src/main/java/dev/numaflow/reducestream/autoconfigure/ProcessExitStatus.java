package dev.numaflow.reducestream.autoconfigure;

/**
 * The status this process ends with when something outside the application's control asks
 * it to, shared by the library's two exits: once the fail-fast policy has begun (status
 * 1), a SIGTERM that arrives while the application closes must not turn the exit into a
 * clean one, or Kubernetes and the platform would read a failed UDF as a stopped one.
 */
final class ProcessExitStatus {

	private volatile int status;

	/** The fail-fast policy has begun: every later exit uses this status. */
	void failing(int status) {
		this.status = status;
	}

	/**
	 * The status for an exit asked for by a signal: 0 unless the fail-fast policy has
	 * begun.
	 */
	int onSignal() {
		return this.status;
	}

}
