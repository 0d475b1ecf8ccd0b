package dev.numaflow.reducestream.autoconfigure;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.server.ReduceStreamerFactory;

/**
 * Gets a streamer per (window, key set) from the application's
 * {@code @ReduceStreamerBean}, and hands it back to the bean factory for destruction
 * callbacks when its key set is finished.
 */
final class BeanFactoryReduceStreamerFactory implements ReduceStreamerFactory {

	private final ConfigurableListableBeanFactory beanFactory;

	private final String beanName;

	private final boolean prototype;

	BeanFactoryReduceStreamerFactory(ConfigurableListableBeanFactory beanFactory, String beanName) {
		this.beanFactory = beanFactory;
		this.beanName = beanName;
		this.prototype = beanFactory.isPrototype(beanName);
	}

	String getBeanName() {
		return this.beanName;
	}

	boolean isPrototype() {
		return this.prototype;
	}

	@Override
	public ReduceStreamer create(Metadata metadata) {
		return this.beanFactory.getBean(this.beanName, ReduceStreamer.class);
	}

	@Override
	public void release(ReduceStreamer streamer) {
		if (this.prototype) {
			this.beanFactory.destroyBean(this.beanName, streamer);
		}
	}

}
