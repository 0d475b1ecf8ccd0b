package dev.numaflow.reducestream.autoconfigure;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.numaflow.reducestream.errors.CriticalErrors;
import dev.numaflow.reducestream.server.UdfExecutionErrors;

/**
 * The first step of the fail-fast policy: the failure is persisted for the platform's
 * Errors tab, with the code and message the failing stream was given, before anything
 * else can stop or delay the exit. Whatever happens here, the next step runs.
 */
final class PersistCriticalErrorOnFailure implements Consumer<Throwable> {

	private static final Logger logger = LoggerFactory.getLogger(PersistCriticalErrorOnFailure.class);

	private final CriticalErrors criticalErrors;

	private final String containerType;

	private final Consumer<Throwable> then;

	PersistCriticalErrorOnFailure(CriticalErrors criticalErrors, String containerType, Consumer<Throwable> then) {
		this.criticalErrors = criticalErrors;
		this.containerType = containerType;
		this.then = then;
	}

	@Override
	public void accept(Throwable cause) {
		try {
			this.criticalErrors.persist(UdfExecutionErrors.of(this.containerType, cause));
		}
		catch (Throwable ex) {
			logger.warn("Could not persist the reduce streamer's failure for the platform's Errors tab", ex);
		}
		finally {
			this.then.accept(cause);
		}
	}

}
