package dev.numaflow.reducestream.autoconfigure;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The default policy after user code fails: close the application (streams in flight get
 * their grace period), then end the process with status 1, so that Kubernetes restarts
 * the container and the platform replays the window, as the Go, Python and Rust SDKs do.
 * This is one of the library's two deliberate {@code System.exit} calls (the other is
 * {@link SigtermExit}); set {@code numaflow.reducestream.on-handler-error=continue} to
 * keep serving instead.
 */
final class FailFastExit implements Consumer<Throwable> {

	private static final Logger logger = LoggerFactory.getLogger(FailFastExit.class);

	static final int EXIT_STATUS = 1;

	private final ConfigurableApplicationContext context;

	private final ProcessExitStatus exitStatus;

	FailFastExit(ConfigurableApplicationContext context, ProcessExitStatus exitStatus) {
		this.context = context;
		this.exitStatus = exitStatus;
	}

	@Override
	public void accept(Throwable cause) {
		// Before the close: a SIGTERM during it exits with this status too.
		this.exitStatus.failing(EXIT_STATUS);
		logger.error("Stopping the application after the reduce streamer failed ({}), so that the container restarts"
				+ " and the platform replays the window; set numaflow.reducestream.on-handler-error=continue to keep"
				+ " serving instead", cause.toString());
		int status = SpringApplication.exit(this.context, () -> EXIT_STATUS);
		System.exit((status != 0) ? status : EXIT_STATUS);
	}

}
