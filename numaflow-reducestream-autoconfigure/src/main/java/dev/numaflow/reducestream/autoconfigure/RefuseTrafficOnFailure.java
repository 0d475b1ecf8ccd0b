package dev.numaflow.reducestream.autoconfigure;

import java.util.function.Consumer;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;

/**
 * A step of the fail-fast policy: the application refuses traffic as soon as user code
 * has failed, before the policy stops it. The application's availability listeners run
 * here; one that throws does not stop the next step.
 */
final class RefuseTrafficOnFailure implements Consumer<Throwable> {

	private final ApplicationEventPublisher publisher;

	private final Consumer<Throwable> then;

	RefuseTrafficOnFailure(ApplicationEventPublisher publisher, Consumer<Throwable> then) {
		this.publisher = publisher;
		this.then = then;
	}

	@Override
	public void accept(Throwable cause) {
		try {
			AvailabilityChangeEvent.publish(this.publisher, this, ReadinessState.REFUSING_TRAFFIC);
		}
		finally {
			this.then.accept(cause);
		}
	}

}
