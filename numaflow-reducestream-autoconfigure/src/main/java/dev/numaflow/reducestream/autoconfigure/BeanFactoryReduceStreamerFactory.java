package dev.numaflow.reducestream.autoconfigure;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;

/**
 * Gets a streamer per (window, key set) from the application's
 * {@code @ReduceStreamerBean} with the full bean lifecycle ({@code getBean}), and hands
 * it back to the bean factory for destruction callbacks when its key set is finished,
 * unless {@link StreamerBeanInspector} found it has none.
 */
final class BeanFactoryReduceStreamerFactory implements ReduceStreamerFactory {

	private final ConfigurableListableBeanFactory beanFactory;

	private final String beanName;

	private final boolean destroy;

	BeanFactoryReduceStreamerFactory(ConfigurableListableBeanFactory beanFactory, String beanName) {
		this(beanFactory, beanName, true);
	}

	BeanFactoryReduceStreamerFactory(ConfigurableListableBeanFactory beanFactory, String beanName, boolean destroy) {
		this.beanFactory = beanFactory;
		this.beanName = beanName;
		this.destroy = destroy;
	}

	String getBeanName() {
		return this.beanName;
	}

	boolean destroys() {
		return this.destroy;
	}

	@Override
	public ReduceStreamer create(Metadata metadata) {
		return this.beanFactory.getBean(this.beanName, ReduceStreamer.class);
	}

	@Override
	public void release(ReduceStreamer streamer) {
		if (this.destroy) {
			this.beanFactory.destroyBean(this.beanName, streamer);
		}
	}

}
