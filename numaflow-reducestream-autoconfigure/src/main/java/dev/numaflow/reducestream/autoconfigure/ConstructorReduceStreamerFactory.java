package dev.numaflow.reducestream.autoconfigure;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanInstantiationException;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ReflectionUtils;

import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;

/**
 * Creates the {@code @ReduceStreamerBean} per (window, key set) with its constructor and
 * the arguments resolved at start-up, for a bean that {@link StreamerBeanInspector} found
 * no Spring feature applying to; hands it to the bean factory for destruction only if it
 * has something to destroy.
 */
final class ConstructorReduceStreamerFactory implements ReduceStreamerFactory {

	private final Constructor<?> constructor;

	private final @Nullable Object[] arguments;

	private final @Nullable ConfigurableListableBeanFactory destroyer;

	private final String beanName;

	/**
	 * @param constructor the streamer's constructor
	 * @param arguments its arguments
	 * @param destroyer the bean factory to destroy each instance, or {@code null} if none
	 * needs it
	 * @param beanName the bean's name
	 */
	ConstructorReduceStreamerFactory(Constructor<?> constructor, @Nullable Object[] arguments,
			@Nullable ConfigurableListableBeanFactory destroyer, String beanName) {
		ReflectionUtils.makeAccessible(constructor);
		this.constructor = constructor;
		this.arguments = arguments.clone();
		this.destroyer = destroyer;
		this.beanName = beanName;
	}

	String getBeanName() {
		return this.beanName;
	}

	boolean destroys() {
		return this.destroyer != null;
	}

	@Override
	public ReduceStreamer create(Metadata metadata) {
		try {
			return (ReduceStreamer) this.constructor.newInstance(this.arguments);
		}
		catch (InvocationTargetException ex) {
			throw new BeanInstantiationException(this.constructor, "Constructor threw exception",
					(ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (ReflectiveOperationException ex) {
			throw new BeanInstantiationException(this.constructor, ex.getMessage(), ex);
		}
	}

	@Override
	public void release(ReduceStreamer streamer) {
		if (this.destroyer != null) {
			this.destroyer.destroyBean(this.beanName, streamer);
		}
	}

}
