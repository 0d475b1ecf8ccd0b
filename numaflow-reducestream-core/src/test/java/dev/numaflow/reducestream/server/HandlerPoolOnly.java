package dev.numaflow.reducestream.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * A test of what only the handler pool does: a call that blocks while the other key sets
 * or streams go on, key sets that run at the same time, handler threads by name or by
 * count. The build runs some socket suites once more with their streamers on the
 * transport thread ({@link TestServers#STREAMER_THREADS_PROPERTY}); there such a test
 * does not apply, and is skipped.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@DisabledIfSystemProperty(named = TestServers.STREAMER_THREADS_PROPERTY, matches = "transport",
		disabledReason = "a test of the handler pool; streamers here run on the transport thread")
@interface HandlerPoolOnly {

}
