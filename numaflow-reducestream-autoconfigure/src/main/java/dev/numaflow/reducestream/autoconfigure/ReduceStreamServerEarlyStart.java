package dev.numaflow.reducestream.autoconfigure;

import org.springframework.context.SmartLifecycle;

import dev.numaflow.reducestream.server.ReduceStreamServer;

/**
 * Binds the {@link ReduceStreamServer} and writes its server-info file as soon as the
 * lifecycle starts, before the web server: every singleton, the streamer factory and its
 * beans included, exists by then, so the platform may connect as early as is safe. The
 * stop stays with {@link ReduceStreamServerLifecycle}, which drains the server while the
 * web server (health, metrics) is still up; this bean's own stop only catches a server
 * still running then. In an application with an embedded web server the server is usually
 * running already when this starts: {@link ReduceStreamServerWebServerStart} binds it
 * before the web server is created.
 */
final class ReduceStreamServerEarlyStart implements SmartLifecycle {

	/**
	 * Before the web server's start (Spring Boot's
	 * {@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}, 2048 below the
	 * default phase).
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048 - 1024;

	private final ReduceStreamServerLifecycle lifecycle;

	ReduceStreamServerEarlyStart(ReduceStreamServerLifecycle lifecycle) {
		this.lifecycle = lifecycle;
	}

	@Override
	public void start() {
		this.lifecycle.start();
	}

	@Override
	public void stop() {
		this.lifecycle.stop();
	}

	@Override
	public boolean isRunning() {
		return this.lifecycle.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
