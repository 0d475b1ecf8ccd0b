package dev.numaflow.reducestream.autoconfigure;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import dev.numaflow.reducestream.server.ReduceStreamServer;

/**
 * Runs the {@link ReduceStreamServer} with the application context: the
 * auto-configuration starts it earlier, before the web server; this stops it early,
 * before the web server and the application's other lifecycle beans, and tells Spring
 * Boot's availability that the application refuses traffic before the server drains.
 */
public final class ReduceStreamServerLifecycle implements SmartLifecycle {

	/**
	 * Stopped early, before the web server and the application's other lifecycle beans.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private final ReduceStreamServer server;

	private final ApplicationEventPublisher publisher;

	/**
	 * Creates an instance.
	 * @param server the server to run
	 * @param publisher where the readiness change is published on stop
	 */
	public ReduceStreamServerLifecycle(ReduceStreamServer server, ApplicationEventPublisher publisher) {
		this.server = server;
		this.publisher = publisher;
	}

	@Override
	public void start() {
		this.server.start();
	}

	@Override
	public void stop() {
		if (this.server.isRunning()) {
			AvailabilityChangeEvent.publish(this.publisher, this.server, ReadinessState.REFUSING_TRAFFIC);
		}
		this.server.stop();
	}

	@Override
	public boolean isRunning() {
		return this.server.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
