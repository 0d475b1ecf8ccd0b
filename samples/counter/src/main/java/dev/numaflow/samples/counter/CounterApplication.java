package dev.numaflow.samples.counter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The counter reduce stream UDF. {@code counter.style} chooses the class form
 * ({@code class}, the default) or the function form ({@code function}) of the same
 * streamer.
 */
@SpringBootApplication
@EnableConfigurationProperties(CounterProperties.class)
public class CounterApplication {

	public static void main(String[] args) {
		SpringApplication.run(CounterApplication.class, args);
	}

}
