package dev.numaflow.reducestream.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;

/**
 * Finds the application's one {@code @ReduceStreamerBean}, on the way to the server's
 * bind, without introspecting the annotations of every bean: the usual case, exactly one
 * annotated bean among the {@code ReduceStreamer} beans, is found by type. Whether some
 * other bean carries the annotation too (an error: an application has exactly one) is
 * then checked by the full scan once every singleton exists, off the bind's path; a
 * failure there fails start-up as a failure on the way does. Every other case takes the
 * full scan at once.
 */
final class ReduceStreamerBeanCheck implements SmartInitializingSingleton {

	private final ConfigurableListableBeanFactory beanFactory;

	/** The bean found by type, still to be checked against the full scan. */
	private final AtomicReference<@Nullable String> unchecked = new AtomicReference<>();

	ReduceStreamerBeanCheck(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * The one bean annotated with {@code @ReduceStreamerBean}.
	 * @return its name
	 * @throws ReduceStreamerBeanException if there is none, or more than one
	 */
	String find() {
		String[] streamers = this.beanFactory.getBeanNamesForType(ReduceStreamer.class, true, false);
		List<String> annotated = Arrays.stream(streamers)
			.filter((name) -> this.beanFactory.findAnnotationOnBean(name, ReduceStreamerBean.class, false) != null)
			.toList();
		if (annotated.size() == 1) {
			this.unchecked.set(annotated.get(0));
			return annotated.get(0);
		}
		return scan();
	}

	@Override
	public void afterSingletonsInstantiated() {
		// The bean found by type is annotated: a scan that finds exactly one finds it.
		if (this.unchecked.getAndSet(null) != null) {
			scan();
		}
	}

	/** Every bean's annotations: the one annotated bean, or the failure naming them. */
	private String scan() {
		List<String> annotated = Arrays.asList(this.beanFactory.getBeanNamesForAnnotation(ReduceStreamerBean.class));
		if (annotated.size() != 1) {
			List<String> unannotated = new ArrayList<>(
					Arrays.asList(this.beanFactory.getBeanNamesForType(ReduceStreamer.class, true, false)));
			unannotated.removeAll(annotated);
			throw new ReduceStreamerBeanException(annotated, unannotated);
		}
		return annotated.get(0);
	}

}
