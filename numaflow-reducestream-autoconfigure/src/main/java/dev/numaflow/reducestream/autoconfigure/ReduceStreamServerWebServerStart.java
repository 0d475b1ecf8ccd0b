package dev.numaflow.reducestream.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.WebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * In an application with an embedded web server, binds the reduce stream server when the
 * web server is about to be created, instead of after every singleton: Spring creates the
 * web server (Tomcat, its servlet context, MVC and the Actuator endpoints) before the
 * application's remaining singletons, and that is most of a Spring Boot start-up. The
 * server, its streamer factory and the beans they inject exist by then, so the platform
 * may connect; a singleton that a streamer needs and nothing else has created yet is
 * created on its first use, on a handler thread. The server is still stopped by
 * {@link ReduceStreamServerLifecycle}; the later lifecycle start finds it running.
 * <p>
 * It customizes nothing: a web server factory customizer is the hook Spring Boot calls
 * once the web server's factory exists and before the server is made. Turned off with
 * {@code numaflow.reducestream.bind-before-web-server=false}, the server binds when the
 * lifecycle starts, as {@link ReduceStreamServerEarlyStart} does without a web server.
 */
final class ReduceStreamServerWebServerStart implements WebServerFactoryCustomizer<WebServerFactory>, Ordered {

	private final ObjectProvider<ReduceStreamServerLifecycle> lifecycle;

	ReduceStreamServerWebServerStart(ObjectProvider<ReduceStreamServerLifecycle> lifecycle) {
		this.lifecycle = lifecycle;
	}

	@Override
	public void customize(WebServerFactory factory) {
		// Once only: a management server on a port of its own has a factory of its own.
		ReduceStreamServerLifecycle server = this.lifecycle.getIfUnique();
		if (server != null && !server.isRunning()) {
			server.start();
		}
	}

	/** After the customizers that configure the web server: it binds last. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
