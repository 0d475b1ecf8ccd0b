package dev.numaflow.samples.earlyalert;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The early-alert reduce stream UDF.
 */
@SpringBootApplication
@EnableConfigurationProperties(EarlyAlertProperties.class)
public class EarlyAlertApplication {

	public static void main(String[] args) {
		SpringApplication.run(EarlyAlertApplication.class, args);
	}

}
