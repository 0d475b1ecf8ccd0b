package dev.numaflow.samples.slidingwindow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The sliding-window reduce stream UDF.
 */
@SpringBootApplication
@EnableConfigurationProperties(MovingStatsProperties.class)
public class SlidingWindowApplication {

	public static void main(String[] args) {
		SpringApplication.run(SlidingWindowApplication.class, args);
	}

}
