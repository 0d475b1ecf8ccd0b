package dev.numaflow.reducestream.test;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Sets up the context of a {@link ReduceStreamTest} class.
 */
final class ReduceStreamTestContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		ReduceStreamTest test = TestContextAnnotationUtils.findMergedAnnotation(testClass, ReduceStreamTest.class);
		return (test != null) ? new ReduceStreamTestContextCustomizer(test.transport()) : null;
	}

}
