package dev.numaflow.reducestream.autoconfigure;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.framework.autoproxy.AbstractAutoProxyCreator;
import org.springframework.beans.factory.annotation.AutowiredAnnotationBeanPostProcessor;
import org.springframework.beans.factory.annotation.InitDestroyAnnotationBeanPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;

/**
 * What the bean post-processors of a context would do to a streamer class, as far as this
 * starter knows them: each either leaves it alone (then it may be created with its
 * constructor alone) or may change it. A post-processor not known here may change it.
 * Processors are matched by class name, so that the modules they come from are optional.
 */
final class PostProcessorEffects {

	private static final String AWARE = "org.springframework.beans.factory.Aware";

	private static final String APPLICATION_LISTENER = "org.springframework.context.ApplicationListener";

	/**
	 * Post-processors that act only on beans of the given types (none: they only log), as
	 * read from their code in Spring Framework 7.0 and Spring Boot 4.1.
	 */
	private static final Map<String, List<String>> TYPE_SPECIFIC = Map.ofEntries(
			Map.entry("org.springframework.context.support.ApplicationContextAwareProcessor", List.of(AWARE)),
			Map.entry(
					"org.springframework.context.annotation.ConfigurationClassPostProcessor$ImportAwareBeanPostProcessor",
					List.of(AWARE)),
			Map.entry("org.springframework.web.context.support.ServletContextAwareProcessor", List.of(AWARE)),
			Map.entry(
					"org.springframework.boot.web.server.servlet.context.WebApplicationContextServletContextAwareProcessor",
					List.of(AWARE)),
			Map.entry("org.springframework.context.support.ApplicationListenerDetector", List.of(APPLICATION_LISTENER)),
			Map.entry("org.springframework.context.support.PostProcessorRegistrationDelegate$BeanPostProcessorChecker",
					List.of()),
			Map.entry("org.springframework.boot.web.server.WebServerFactoryCustomizerBeanPostProcessor",
					List.of("org.springframework.boot.web.server.WebServerFactory")),
			Map.entry("org.springframework.boot.web.error.ErrorPageRegistrarBeanPostProcessor",
					List.of("org.springframework.boot.web.error.ErrorPageRegistry")),
			Map.entry(
					"org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointConfiguration$HealthEndpointGroupsBeanPostProcessor",
					List.of("org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups")),
			Map.entry("org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryPostProcessor",
					List.of("io.micrometer.core.instrument.MeterRegistry")),
			Map.entry("org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryPostProcessor",
					List.of("io.micrometer.observation.ObservationRegistry")),
			// Tests: Spring Boot's check of @PropertyMapping annotations only reads them,
			// and
			// this starter's test kit wraps the streamer factory only, so that a
			// @ReduceStreamTest creates streamers as the application does.
			Map.entry(
					"org.springframework.boot.test.context.PropertyMappingContextCustomizer$PropertyMappingCheckBeanPostProcessor",
					List.of()),
			Map.entry("dev.numaflow.reducestream.test.ReduceStreamTestConfiguration$RecordingPostProcessor",
					List.of("dev.numaflow.reducestream.ReduceStreamerFactory")));

	private static final String CONFIGURATION_PROPERTIES_BINDING = "org.springframework.boot.context.properties.ConfigurationPropertiesBindingPostProcessor";

	private static final String CONFIGURATION_PROPERTIES = "org.springframework.boot.context.properties.ConfigurationProperties";

	private PostProcessorEffects() {
	}

	/**
	 * Whether a post-processor is one whose effect on a bean is read from the bean
	 * definition that it has processed (injected members, init and destroy methods).
	 * @param processor the post-processor
	 * @return whether the definition tells
	 */
	static boolean recordsInDefinition(BeanPostProcessor processor) {
		return processor instanceof AutowiredAnnotationBeanPostProcessor
				|| processor instanceof InitDestroyAnnotationBeanPostProcessor;
	}

	/**
	 * Whether this starter knows what the post-processor does.
	 * @param processor the post-processor
	 * @return whether {@link #mayChange} can tell
	 */
	static boolean isKnown(BeanPostProcessor processor) {
		return recordsInDefinition(processor) || processor instanceof AbstractAutoProxyCreator
				|| processor instanceof AbstractAdvisingBeanPostProcessor
				|| CONFIGURATION_PROPERTIES_BINDING.equals(processor.getClass().getName())
				|| TYPE_SPECIFIC.containsKey(processor.getClass().getName());
	}

	/**
	 * Why a known post-processor might change a new instance of the class, if it might.
	 * @param processor the post-processor
	 * @param beanClass the streamer's class
	 * @param beanName the bean name
	 * @return the reason, or {@code null} if it leaves such an instance alone
	 */
	static @Nullable String mayChange(BeanPostProcessor processor, Class<?> beanClass, String beanName) {
		if (recordsInDefinition(processor)) {
			return null;
		}
		if (processor instanceof AbstractAutoProxyCreator creator) {
			if (creator.postProcessBeforeInstantiation(beanClass, beanName) != null
					|| creator.determineBeanType(beanClass, beanName) != beanClass) {
				return "it is advised (" + name(processor) + " proxies it)";
			}
			return null;
		}
		if (processor instanceof AbstractAdvisingBeanPostProcessor advising) {
			return (advising.determineBeanType(beanClass, beanName) != beanClass)
					? "it is advised (" + name(processor) + " proxies it)" : null;
		}
		String processorClass = processor.getClass().getName();
		if (CONFIGURATION_PROPERTIES_BINDING.equals(processorClass)) {
			return isAnnotated(beanClass, CONFIGURATION_PROPERTIES)
					? "it is annotated with @ConfigurationProperties (bound per instance)" : null;
		}
		List<String> types = TYPE_SPECIFIC.get(processorClass);
		if (types == null) {
			return "the bean post-processor " + processorClass + " is not one this starter knows to leave it unchanged";
		}
		for (String type : types) {
			if (isA(beanClass, type)) {
				return "it is a " + type + " (" + name(processor) + " acts on it)";
			}
		}
		return null;
	}

	/**
	 * Why a destruction-aware post-processor might need to destroy an instance of the
	 * class, if it might.
	 * @param processor the post-processor
	 * @param beanClass the streamer's class
	 * @return the reason, or {@code null} if it has nothing to destroy
	 */
	static @Nullable String mayDestroy(DestructionAwareBeanPostProcessor processor, Class<?> beanClass) {
		if (processor instanceof InitDestroyAnnotationBeanPostProcessor) {
			// Read from the processed definition's destroy methods.
			return null;
		}
		if ("org.springframework.context.support.ApplicationListenerDetector".equals(processor.getClass().getName())) {
			return isA(beanClass, APPLICATION_LISTENER) ? "it is an ApplicationListener" : null;
		}
		return "the destruction-aware post-processor " + processor.getClass().getName()
				+ " is not one this starter knows to have nothing to destroy";
	}

	static boolean isA(Class<?> beanClass, String typeName) {
		ClassLoader loader = beanClass.getClassLoader();
		if (!ClassUtils.isPresent(typeName, loader)) {
			return false;
		}
		return ClassUtils.isAssignable(ClassUtils.resolveClassName(typeName, loader), beanClass);
	}

	private static boolean isAnnotated(Class<?> beanClass, String annotationName) {
		return MergedAnnotations.from(beanClass, SearchStrategy.TYPE_HIERARCHY).isPresent(annotationName);
	}

	private static String name(BeanPostProcessor processor) {
		return processor.getClass().getSimpleName();
	}

}
