package dev.numaflow.reducestream.autoconfigure;

import java.lang.reflect.Constructor;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How the {@code @ReduceStreamerBean} is made and released per key set, and why: with its
 * constructor (arguments resolved once) or with {@code getBean}; destroyed through the
 * bean factory or not at all.
 */
final class StreamerBeanPlan {

	private final @Nullable Constructor<?> constructor;

	private final @Nullable Object[] arguments;

	private final List<String> argumentBeans;

	private final @Nullable String notDirect;

	private final @Nullable String destruction;

	private StreamerBeanPlan(@Nullable Constructor<?> constructor, @Nullable Object[] arguments,
			List<String> argumentBeans, @Nullable String notDirect, @Nullable String destruction) {
		this.constructor = constructor;
		this.arguments = arguments;
		this.argumentBeans = List.copyOf(argumentBeans);
		this.notDirect = notDirect;
		this.destruction = destruction;
	}

	static StreamerBeanPlan beanFactory(String notDirect, @Nullable String destruction) {
		return new StreamerBeanPlan(null, new Object[0], List.of(), notDirect, destruction);
	}

	static StreamerBeanPlan direct(Constructor<?> constructor, @Nullable Object[] arguments, List<String> argumentBeans,
			@Nullable String destruction) {
		return new StreamerBeanPlan(constructor, arguments, argumentBeans, null, destruction);
	}

	/** The constructor to call per key set, or {@code null} to use {@code getBean}. */
	@Nullable Constructor<?> constructor() {
		return this.constructor;
	}

	/** The constructor's arguments, the same for every instance. */
	@Nullable Object[] arguments() {
		return this.arguments.clone();
	}

	/** Why {@code getBean} is needed, or {@code null} if the constructor will do. */
	@Nullable String notDirect() {
		return this.notDirect;
	}

	/**
	 * Why each instance must be destroyed, or {@code null} if nothing needs destroying.
	 */
	@Nullable String destruction() {
		return this.destruction;
	}

	/** One sentence for the start-up log. */
	String describe(String beanName, @Nullable Class<?> beanType) {
		StringBuilder text = new StringBuilder("The @ReduceStreamerBean '").append(beanName)
			.append("' (")
			.append((beanType != null) ? beanType.getName() : "type unknown")
			.append(") is created per key set ");
		if (this.notDirect == null) {
			text.append("with its constructor alone, arguments resolved once at start-up ")
				.append(this.argumentBeans)
				.append(", as no post-processor applies to it");
		}
		else {
			text.append("by the bean factory (getBean), because ").append(this.notDirect);
		}
		if (this.destruction == null) {
			text.append("; it has nothing to destroy when its key set ends");
		}
		else {
			text.append("; the bean factory destroys it when its key set ends, because ").append(this.destruction);
		}
		return text.toString();
	}

}
