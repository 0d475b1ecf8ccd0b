package dev.numaflow.samples.earlyalert;

import org.jspecify.annotations.Nullable;

/**
 * One log event, the payload of a datum, for example
 * {@code {"service":"checkout","level":"ERROR","message":"payment declined"}}. Unknown
 * fields are ignored; a missing field is {@code null}.
 *
 * @param service the service that logged it (the datum's key is what groups events)
 * @param level the log level: {@code ERROR} counts towards an alert
 * @param message the log message
 */
public record LogEvent(@Nullable String service, @Nullable String level, @Nullable String message) {

	/**
	 * Whether this event is an error.
	 * @return {@code true} for level {@code ERROR}, in any case
	 */
	public boolean error() {
		return "ERROR".equalsIgnoreCase(this.level);
	}

}
