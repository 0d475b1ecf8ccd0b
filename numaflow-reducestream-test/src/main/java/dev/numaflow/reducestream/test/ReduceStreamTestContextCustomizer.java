package dev.numaflow.reducestream.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Puts the server's files (and critical errors) in a temporary directory, makes user-code
 * failures non-fatal, and registers the tester. A record, so that equal settings share a
 * cached context.
 *
 * @param transport how the tester reaches the server
 */
record ReduceStreamTestContextCustomizer(Transport transport) implements ContextCustomizer {

	static final String TRANSPORT_PROPERTY = "numaflow.reducestream.test.transport";

	private static final String PROPERTY_SOURCE = "reduceStreamTest";

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		Path directory = temporaryDirectory();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("numaflow.reducestream.socket-path", directory.resolve("reducestream.sock").toString());
		properties.put("numaflow.reducestream.server-info-path",
				directory.resolve("reducestreamer-server-info").toString());
		properties.put("numaflow.reducestream.application-errors-path",
				directory.resolve("application-errors").toString());
		properties.put("numaflow.reducestream.on-handler-error", "continue");
		properties.put("numaflow.reducestream.shutdown.exit-zero-on-sigterm", "false");
		properties.put("numaflow.reducestream.shutdown.grace-period", "2s");
		properties.put("numaflow.reducestream.idle-warning", "0");
		properties.put(TRANSPORT_PROPERTY, this.transport.name());
		ConfigurableEnvironment environment = context.getEnvironment();
		MutablePropertySources sources = environment.getPropertySources();
		MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE, properties);
		// Below the test's own properties, above the application's configuration files.
		if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
			sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, source);
		}
		else {
			sources.addFirst(source);
		}
		if (context.getBeanFactory() instanceof BeanDefinitionRegistry registry) {
			registry.registerBeanDefinition(ReduceStreamTestConfiguration.class.getName(),
					new RootBeanDefinition(ReduceStreamTestConfiguration.class));
		}
	}

	private static Path temporaryDirectory() {
		try {
			// Short: a socket path may have at most 107 bytes.
			Path directory = Files.createTempDirectory("rst");
			directory.toFile().deleteOnExit();
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create a temporary directory for the reduce stream socket", ex);
		}
	}

}
