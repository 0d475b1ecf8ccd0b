package dev.numaflow.reducestream.autoconfigure;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerFactory;

/**
 * Gets a streamer per (window, key set) from the application's
 * {@code @ReduceStreamerBean}, and hands it back to the bean factory for destruction
 * callbacks when its key set is finished.
 */
final class BeanFactoryReduceStreamerFactory implements ReduceStreamerFactory {

	private final ConfigurableListableBeanFactory beanFactory;

	private final String beanName;

	BeanFactoryReduceStreamerFactory(ConfigurableListableBeanFactory beanFactory, String beanName) {
		this.beanFactory = beanFactory;
		this.beanName = beanName;
	}

	String getBeanName() {
		return this.beanName;
	}

	@Override
	public ReduceStreamer create(Metadata metadata) {
		return this.beanFactory.getBean(this.beanName, ReduceStreamer.class);
	}

	@Override
	public void release(ReduceStreamer streamer) {
		this.beanFactory.destroyBean(this.beanName, streamer);
	}

}
