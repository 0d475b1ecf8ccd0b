package dev.numaflow.reducestream.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * A {@link SpringBootTest} of a reduce stream application with the server set up for
 * tests, and a {@link ReduceStreamTester} bean to drive it:
 * <ul>
 * <li>the socket, the server-info file and the critical errors for the platform's Errors
 * tab ({@link ReduceStreamTester#persistedCriticalErrors()}) are in a new temporary
 * directory;</li>
 * <li>{@code numaflow.reducestream.on-handler-error=continue} (a failing streamer fails
 * its window's stream, not the test JVM), no SIGTERM handler, no idle warning;</li>
 * <li>results are counted on the server side, so that a {@link WindowSession} knows
 * exactly which were produced while the window was open and which at its end.</li>
 * </ul>
 * Properties given here override these and the application's own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@ContextCustomizerFactories(ReduceStreamTestContextCustomizerFactory.class)
public @interface ReduceStreamTest {

	/**
	 * How the tester reaches the server.
	 * @return the transport
	 */
	Transport transport() default Transport.IN_PROCESS;

	/**
	 * Properties in {@code key=value} form, added to the test's environment.
	 * @return the properties
	 */
	@AliasFor(annotation = SpringBootTest.class)
	String[] properties() default {};

	/**
	 * The component classes of the application context; by default the
	 * {@code @SpringBootConfiguration} found from the test's package.
	 * @return the classes
	 */
	@AliasFor(annotation = SpringBootTest.class)
	Class<?>[] classes() default {};

}
