package dev.numaflow.reducestream.autoconfigure;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import dev.numaflow.reducestream.server.ReduceStreamServer;

/**
 * Runs the {@link ReduceStreamServer} with the application context: the
 * auto-configuration starts it earlier, before the web server; this stops it early,
 * before the web server and the application's other lifecycle beans, and tells Spring
 * Boot's availability that the application refuses traffic before the server drains. It
 * is also a {@link DisposableBean}: a context whose refresh fails after the server was
 * bound (a singleton created after the bind that throws, see
 * {@link ReduceStreamServerWebServerStart}) stops no lifecycle bean, but destroys its
 * singletons, and so stops the server and removes its socket and server-info file.
 */
public final class ReduceStreamServerLifecycle implements SmartLifecycle, DisposableBean {

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

	/** Stops a server still running (once the context has stopped, it is not). */
	@Override
	public void destroy() {
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
