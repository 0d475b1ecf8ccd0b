package dev.numaflow.samples.counter;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;

/**
 * The function form: the {@code @Bean} method runs once per (window, key set), so its
 * local {@code count} is the count of one key set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "counter.style", havingValue = "function")
class CounterFunctionConfiguration {

	@Bean
	@ReduceStreamerBean
	ReduceStreamer counterFunction(CounterProperties properties) {
		int threshold = properties.threshold();
		AtomicInteger count = new AtomicInteger();
		return ReduceStreamer.of((datum, output, metadata) -> {
			if (count.incrementAndGet() > threshold) {
				output.send(Message.of("counter:" + count.get(), metadata.keys()));
				count.set(0);
			}
		}, (output, metadata) -> output.send(Message.of("counter:" + count.get(), metadata.keys())));
	}

}
