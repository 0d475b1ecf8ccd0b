package dev.numaflow.reducestream.autoconfigure;

import java.util.function.Consumer;

import io.grpc.netty.NettyServerBuilder;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.codec.JsonPayloadCodec;
import dev.numaflow.reducestream.codec.PayloadCodec;
import dev.numaflow.reducestream.codec.PayloadCodecs;
import dev.numaflow.reducestream.errors.CriticalErrors;
import dev.numaflow.reducestream.server.ReduceStreamListener;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.server.ReduceStreamServerSettings;
import dev.numaflow.reducestream.server.ReduceStreamTracing;
import dev.numaflow.reducestream.server.TimerClock;
import dev.numaflow.reducestream.serverinfo.ServerInfo;

/**
 * Auto-configuration of the Numaflow reduce stream server: the application's
 * {@code @ReduceStreamerBean} served over a Unix domain socket, with typed payloads
 * through the application's Jackson {@code JsonMapper}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(NettyServerBuilder.class)
@ConditionalOnBooleanProperty(name = "numaflow.reducestream.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReduceStreamProperties.class)
public final class ReduceStreamAutoConfiguration {

	// Lazy: only the auto-configured server needs it, and a user-defined server may serve
	// a streamer that is not a @ReduceStreamerBean.
	@Bean
	@Lazy
	@ConditionalOnMissingBean
	static ReduceStreamerFactory reduceStreamerFactory(ConfigurableListableBeanFactory beanFactory,
			ReduceStreamerBeanCheck check) {
		String name = check.find();
		if (!beanFactory.isTypeMatch(name, ReduceStreamer.class)) {
			throw new IllegalStateException("The bean '" + name + "' is annotated with @ReduceStreamerBean but is a "
					+ beanFactory.getType(name) + ", not a " + ReduceStreamer.class.getName());
		}
		if (!beanFactory.isPrototype(name)) {
			throw new IllegalStateException("The @ReduceStreamerBean '" + name + "' is not prototype-scoped, so every"
					+ " window and key set would share one instance. Put @ReduceStreamerBean on the class or on the @Bean"
					+ " method itself (it makes the bean a prototype), and do not give it another @Scope");
		}
		return StreamerBeanInspector.factoryFor(beanFactory, name);
	}

	// Finds the @ReduceStreamerBean for the factory above; checks it once every singleton
	// exists (a SmartInitializingSingleton), only if the factory was made.
	@Bean
	static ReduceStreamerBeanCheck reduceStreamerBeanCheck(ConfigurableListableBeanFactory beanFactory) {
		return new ReduceStreamerBeanCheck(beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	ServerInfo reduceStreamServerInfo() {
		return ServerInfo.forThisStarter();
	}

	@Bean
	@ConditionalOnMissingBean
	CriticalErrors criticalErrors(ReduceStreamProperties properties, Environment environment) {
		return ReduceStreamServerSettingsMapper.criticalErrors(properties, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	ReduceStreamServer reduceStreamServer(ReduceStreamProperties properties, ReduceStreamerFactory factory,
			ObjectProvider<PayloadCodec> codec, ServerInfo serverInfo, ObjectProvider<ReduceStreamListener> listeners,
			CriticalErrors criticalErrors, ObjectProvider<TimerClock> timerClock, ProcessExitStatus exitStatus,
			ObjectProvider<ReduceStreamTracing> tracing, ConfigurableApplicationContext context) {
		// Each listener is called behind its own fault boundary: one that throws is
		// logged.
		ReduceStreamListener listener = ReduceStreamListener.composite(listeners.orderedStream().toList());
		ReduceStreamServerSettings settings = ReduceStreamServerSettingsMapper.map(properties,
				context.getEnvironment());
		@Nullable Consumer<Throwable> fatalErrorHandler = null;
		if (properties.getOnHandlerError() == ReduceStreamProperties.HandlerErrorPolicy.EXIT) {
			Consumer<Throwable> failFast = new PersistCriticalErrorOnFailure(criticalErrors, settings.containerType(),
					new RefuseTrafficOnFailure(context, new FailFastExit(context, exitStatus)));
			fatalErrorHandler = (cause) -> {
				// First: a SIGTERM from here on (while the error is persisted, or the
				// application closes) keeps the failure's exit status.
				exitStatus.failing(FailFastExit.EXIT_STATUS);
				failFast.accept(cause);
			};
		}
		ReduceStreamServer server = new ReduceStreamServer(settings, factory,
				codec.getIfAvailable(PayloadCodecs::defaultCodec), serverInfo, listener, fatalErrorHandler,
				timerClock.getIfUnique());
		server.setTracing(tracing.getIfUnique(() -> ReduceStreamTracing.NONE));
		return server;
	}

	@Bean
	@ConditionalOnBean(ReduceStreamServer.class)
	@ConditionalOnMissingBean
	ReduceStreamServerLifecycle reduceStreamServerLifecycle(ReduceStreamServer server,
			ApplicationEventPublisher publisher, ObjectProvider<SigtermExit> sigtermExit) {
		// The SIGTERM handler exists before the server can bind, which may be before the
		// other singletons do: from the moment the platform may connect, SIGTERM exits 0.
		sigtermExit.ifAvailable((installed) -> {
		});
		return new ReduceStreamServerLifecycle(server, publisher);
	}

	// Binds before the web server starts; the stop stays with the lifecycle above.
	@Bean
	@ConditionalOnBean(ReduceStreamServerLifecycle.class)
	ReduceStreamServerEarlyStart reduceStreamServerEarlyStart(ReduceStreamServerLifecycle lifecycle) {
		return new ReduceStreamServerEarlyStart(lifecycle);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "numaflow.reducestream.shutdown.exit-zero-on-sigterm", matchIfMissing = true)
	SigtermExit reduceStreamSigtermExit(ProcessExitStatus exitStatus) {
		return new SigtermExit(exitStatus);
	}

	// Shared by the two exits: a SIGTERM during the fail-fast close keeps status 1.
	@Bean
	ProcessExitStatus reduceStreamProcessExitStatus() {
		return new ProcessExitStatus();
	}

	/**
	 * With an embedded web server, the server binds before the web server is created (see
	 * {@link ReduceStreamServerWebServerStart}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.web.server.WebServerFactoryCustomizer")
	@ConditionalOnBooleanProperty(name = "numaflow.reducestream.bind-before-web-server", matchIfMissing = true)
	static class WebServerStartConfiguration {

		// No @ConditionalOnBean: a nested class's conditions are evaluated before the
		// outer class's beans are defined. Without a server it does nothing.
		@Bean
		ReduceStreamServerWebServerStart reduceStreamServerWebServerStart(
				ObjectProvider<ReduceStreamServerLifecycle> lifecycle) {
			return new ReduceStreamServerWebServerStart(lifecycle);
		}

	}

	/**
	 * Typed payloads as JSON through the application's {@code JsonMapper} (Spring Boot's
	 * own, with its {@code spring.jackson.*} settings and module beans), or a default one
	 * when the application has none.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JsonPayloadCodecConfiguration {

		@Bean
		@ConditionalOnMissingBean(PayloadCodec.class)
		JsonPayloadCodec reduceStreamPayloadCodec(ObjectProvider<JsonMapper> jsonMapper) {
			// The application's mapper at the first typed payload: building it is not on
			// the way to the bind.
			return JsonPayloadCodec.lazily(() -> jsonMapper.getIfAvailable(JsonPayloadCodec::defaultMapper));
		}

	}

}
