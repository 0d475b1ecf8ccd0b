package dev.numaflow.reducestream;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Scope;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks the application's {@link ReduceStreamer}: on a class found by component scanning
 * (the class form) or on a {@code @Bean} method (the function form). The bean is
 * prototype-scoped: Spring creates a fresh instance for every (window, key set), with
 * constructor injection, so fields hold the state of one key set.
 * <p>
 * An application has exactly one such bean; with none or several, start-up fails and says
 * what to do.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
@Scope(BeanDefinition.SCOPE_PROTOTYPE)
public @interface ReduceStreamerBean {

	/**
	 * The bean name, when used on a class.
	 * @return the bean name, or empty for the default
	 */
	@AliasFor(annotation = Component.class)
	String value() default "";

}
