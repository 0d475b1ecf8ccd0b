package dev.numaflow.reducestream.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.grpc.netty.NettyServerBuilder;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;
import dev.numaflow.reducestream.server.ReduceStreamServer;
import dev.numaflow.reducestream.server.ReduceStreamServerSettings;
import dev.numaflow.reducestream.server.ReduceStreamerFactory;
import dev.numaflow.reducestream.serverinfo.ServerInfo;

/**
 * Auto-configuration of the Numaflow reduce stream server: the application's
 * {@code @ReduceStreamerBean} served over a Unix domain socket.
 */
@AutoConfiguration
@ConditionalOnClass({ NettyServerBuilder.class, ReduceStreamServer.class })
@ConditionalOnBooleanProperty(name = "numaflow.reducestream.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReduceStreamProperties.class)
public final class ReduceStreamAutoConfiguration {

	static final String CONTAINER_TYPE_ENV = "NUMAFLOW_UD_CONTAINER_TYPE";

	// Lazy: only the auto-configured server needs it, and a user-defined server may serve
	// a streamer that is not a @ReduceStreamerBean.
	@Bean
	@Lazy
	@ConditionalOnMissingBean
	static ReduceStreamerFactory reduceStreamerFactory(ConfigurableListableBeanFactory beanFactory) {
		List<String> annotated = Arrays.asList(beanFactory.getBeanNamesForAnnotation(ReduceStreamerBean.class));
		if (annotated.size() != 1) {
			List<String> unannotated = new ArrayList<>(
					Arrays.asList(beanFactory.getBeanNamesForType(ReduceStreamer.class, true, false)));
			unannotated.removeAll(annotated);
			throw new ReduceStreamerBeanException(annotated, unannotated);
		}
		String name = annotated.get(0);
		if (!beanFactory.isTypeMatch(name, ReduceStreamer.class)) {
			throw new IllegalStateException("The bean '" + name + "' is annotated with @ReduceStreamerBean but is a "
					+ beanFactory.getType(name) + ", not a " + ReduceStreamer.class.getName());
		}
		return new BeanFactoryReduceStreamerFactory(beanFactory, name);
	}

	@Bean
	@ConditionalOnMissingBean
	ServerInfo reduceStreamServerInfo() {
		return ServerInfo.forThisStarter();
	}

	@Bean
	@ConditionalOnMissingBean
	ReduceStreamServer reduceStreamServer(ReduceStreamProperties properties, ReduceStreamerFactory factory,
			ServerInfo serverInfo) {
		return new ReduceStreamServer(settings(properties), factory, serverInfo);
	}

	static ReduceStreamServerSettings settings(ReduceStreamProperties properties) {
		Integer maxThreads = properties.getMaxThreads();
		int handlerThreads = (maxThreads != null) ? maxThreads
				: Math.max(4, Runtime.getRuntime().availableProcessors());
		String containerType = System.getenv(CONTAINER_TYPE_ENV);
		if (containerType == null || containerType.isEmpty()) {
			containerType = "unknown-container";
		}
		return new ReduceStreamServerSettings(Path.of(properties.getSocketPath()),
				Path.of(properties.getServerInfoPath()), Math.toIntExact(properties.getMaxMessageSize().toBytes()),
				handlerThreads, properties.getEventLoopThreads(), properties.getMaxPendingDatums(),
				properties.getMaxPendingResults(), properties.getShutdown().getGracePeriod(), containerType);
	}

}
