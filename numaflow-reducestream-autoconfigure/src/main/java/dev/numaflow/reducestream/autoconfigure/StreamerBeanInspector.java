package dev.numaflow.reducestream.autoconfigure;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.Aware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.beans.factory.aot.BeanInstanceSupplier;
import org.springframework.beans.factory.annotation.Lookup;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.beans.factory.support.AbstractBeanFactory;
import org.springframework.beans.factory.support.MergedBeanDefinitionPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.beans.factory.config.SmartInstantiationAwareBeanPostProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.numaflow.reducestream.ReduceStreamerFactory;

/**
 * Decides once, at start-up, how the {@code @ReduceStreamerBean} is made for each key set
 * and whether it needs destroying, from its bean definition, its class and the context's
 * bean post-processors. The bean is created with its constructor alone (arguments
 * resolved once) only when Spring's full creation could not differ from that: a class
 * (not a {@code @Bean} method) with one constructor whose arguments are singleton beans,
 * no injected fields or methods, no init callbacks or {@code Aware} interfaces, and no
 * post-processor that would proxy or otherwise change it. Whatever cannot be shown to
 * hold takes {@code getBean}.
 */
final class StreamerBeanInspector {

	private static final Logger logger = LoggerFactory.getLogger(StreamerBeanInspector.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final String beanName;

	private StreamerBeanInspector(ConfigurableListableBeanFactory beanFactory, String beanName) {
		this.beanFactory = beanFactory;
		this.beanName = beanName;
	}

	/**
	 * The factory of the named {@code @ReduceStreamerBean}: the cheapest one that keeps
	 * its semantics. The choice and its reason are logged once.
	 * @param beanFactory the bean factory
	 * @param beanName the bean's name
	 * @return the factory
	 */
	static ReduceStreamerFactory factoryFor(ConfigurableListableBeanFactory beanFactory, String beanName) {
		StreamerBeanPlan plan = inspect(beanFactory, beanName);
		Class<?> type = beanFactory.getType(beanName);
		logger.info(plan.describe(beanName, (type != null) ? ClassUtils.getUserClass(type) : null));
		Constructor<?> constructor = plan.constructor();
		if (constructor == null) {
			return new BeanFactoryReduceStreamerFactory(beanFactory, beanName, plan.destruction() != null);
		}
		return new ConstructorReduceStreamerFactory(constructor, plan.arguments(),
				(plan.destruction() != null) ? beanFactory : null, beanName);
	}

	static StreamerBeanPlan inspect(ConfigurableListableBeanFactory beanFactory, String beanName) {
		return new StreamerBeanInspector(beanFactory, beanName).inspect();
	}

	private StreamerBeanPlan inspect() {
		BeanDefinition merged = this.beanFactory.getMergedBeanDefinition(this.beanName);
		if (!(merged instanceof RootBeanDefinition definition)) {
			return StreamerBeanPlan.beanFactory("its bean definition is a " + merged.getClass().getName(),
					"its bean definition is not one this starter reads");
		}
		if (definition.getFactoryMethodName() != null || definition.getFactoryBeanName() != null) {
			return StreamerBeanPlan.beanFactory("it is made by a @Bean method, which Spring calls per key set",
					"what the @Bean method returns decides (an inferred close method, for one)");
		}
		Class<?> beanClass = beanClass(definition);
		if (beanClass == null) {
			return StreamerBeanPlan.beanFactory("its class could not be resolved", "its class could not be resolved");
		}
		if (!(this.beanFactory instanceof AbstractBeanFactory abstractFactory)) {
			return StreamerBeanPlan.beanFactory("its bean factory does not list its post-processors",
					"its bean factory does not list its post-processors");
		}
		List<BeanPostProcessor> processors = abstractFactory.getBeanPostProcessors();
		RootBeanDefinition processed = processedCopy(definition, beanClass, processors);
		String destruction = whyDestroy(definition, processed, beanClass, processors);
		String notDirect = whyNotDirect(definition, processed, beanClass, processors);
		if (notDirect != null) {
			return StreamerBeanPlan.beanFactory(notDirect, destruction);
		}
		Constructor<?> constructor = beanClass.getDeclaredConstructors()[0];
		List<String> argumentBeans = new ArrayList<>();
		Object[] arguments = new Object[constructor.getParameterCount()];
		for (int i = 0; i < arguments.length; i++) {
			MethodParameter parameter = MethodParameter.forExecutable(constructor, i);
			Set<String> names = new LinkedHashSet<>();
			Object argument;
			try {
				argument = this.beanFactory.resolveDependency(new DependencyDescriptor(parameter, true), this.beanName,
						names, null);
			}
			catch (NoSuchBeanDefinitionException ex) {
				// No bean of that type, or several: getBean would fail the same way on
				// every key set, so the first window would fail, not the start-up.
				throw new UnsatisfiedDependencyException(definition.getResourceDescription(), this.beanName,
						new InjectionPoint(parameter), ex);
			}
			catch (BeansException ex) {
				return StreamerBeanPlan.beanFactory(
						"its constructor's parameter " + i + " could not be resolved once (" + ex.getMessage() + ")",
						destruction);
			}
			String reason = whyNotShared(i, argument, names);
			if (reason != null) {
				return StreamerBeanPlan.beanFactory(reason, destruction);
			}
			arguments[i] = argument;
			argumentBeans.add(names.iterator().next());
		}
		for (String argumentBean : argumentBeans) {
			this.beanFactory.registerDependentBean(argumentBean, this.beanName);
		}
		return StreamerBeanPlan.direct(constructor, arguments, argumentBeans, destruction);
	}

	/**
	 * Why a resolved constructor argument could differ between instances, if it could.
	 */
	private @Nullable String whyNotShared(int index, @Nullable Object argument, Set<String> names) {
		String parameter = "its constructor's parameter " + index;
		if (argument == null || names.size() != 1) {
			return parameter + " is not exactly one bean (a @Value, an Optional, a provider or a collection is"
					+ " resolved per instance)";
		}
		String name = names.iterator().next();
		if (!this.beanFactory.containsBean(name) || !this.beanFactory.isSingleton(name)) {
			return parameter + " is the bean '" + name + "', which is not a singleton";
		}
		if (this.beanFactory.getBean(name) != argument) {
			return parameter + " is resolved to something other than the bean '" + name + "' itself (a lazy proxy)";
		}
		return null;
	}

	private @Nullable String whyNotDirect(RootBeanDefinition definition, RootBeanDefinition processed,
			Class<?> beanClass, List<BeanPostProcessor> processors) {
		if (definition.getInstanceSupplier() != null && !isGeneratedConstructorCall(definition)) {
			return "it has an instance supplier that is not Spring AOT's plain constructor call (a registration"
					+ " in code, or AOT-generated injection of fields or methods)";
		}
		if (definition.isAbstract() || definition.hasConstructorArgumentValues() || definition.hasPropertyValues()
				|| definition.hasMethodOverrides() || !isEmpty(definition.getInitMethodNames())
				|| !isEmpty(definition.getDependsOn())
				|| (definition.getResolvedAutowireMode() != AutowireCapableBeanFactory.AUTOWIRE_NO
						&& definition.getResolvedAutowireMode() != AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR)) {
			return "its bean definition sets more than its class (constructor arguments, properties, init methods,"
					+ " depends-on or autowiring by name or type)";
		}
		if (Aware.class.isAssignableFrom(beanClass)) {
			return "it implements an Aware interface";
		}
		if (InitializingBean.class.isAssignableFrom(beanClass)) {
			return "it is an InitializingBean";
		}
		if (FactoryBean.class.isAssignableFrom(beanClass)) {
			return "it is a FactoryBean";
		}
		if (!processed.getExternallyManagedInitMethods().isEmpty()) {
			return "it has an init method (" + processed.getExternallyManagedInitMethods() + ")";
		}
		if (!processed.getExternallyManagedConfigMembers().isEmpty()) {
			return "it has injected fields or methods (" + processed.getExternallyManagedConfigMembers() + ")";
		}
		if (hasLookupMethods(beanClass)) {
			return "it has @Lookup methods";
		}
		Constructor<?>[] constructors = beanClass.getDeclaredConstructors();
		if (constructors.length != 1) {
			return "it has " + constructors.length + " constructors";
		}
		List<String> unknown = new ArrayList<>();
		for (BeanPostProcessor processor : processors) {
			if (!PostProcessorEffects.isKnown(processor)) {
				unknown.add(processor.getClass().getName());
			}
		}
		if (!unknown.isEmpty()) {
			return "the bean post-processors " + unknown + " are not ones this starter knows to leave it unchanged";
		}
		for (BeanPostProcessor processor : processors) {
			String reason = PostProcessorEffects.mayChange(processor, beanClass, this.beanName);
			if (reason != null) {
				return reason;
			}
			if (processor instanceof SmartInstantiationAwareBeanPostProcessor smart) {
				Constructor<?>[] candidates = smart.determineCandidateConstructors(beanClass, this.beanName);
				if (candidates != null && !(candidates.length == 1 && candidates[0].equals(constructors[0]))) {
					return smart.getClass().getSimpleName() + " chooses its constructor";
				}
			}
		}
		return null;
	}

	private @Nullable String whyDestroy(RootBeanDefinition definition, RootBeanDefinition processed, Class<?> beanClass,
			List<BeanPostProcessor> processors) {
		if (DisposableBean.class.isAssignableFrom(beanClass)) {
			return "it is a DisposableBean";
		}
		if (AutoCloseable.class.isAssignableFrom(beanClass)) {
			return "it is AutoCloseable";
		}
		if (!isEmpty(definition.getDestroyMethodNames())) {
			return "its bean definition names a destroy method";
		}
		if (!processed.getExternallyManagedDestroyMethods().isEmpty()) {
			return "it has a destroy method (" + processed.getExternallyManagedDestroyMethods() + ")";
		}
		for (BeanPostProcessor processor : processors) {
			if (processor instanceof DestructionAwareBeanPostProcessor destructionAware) {
				String reason = PostProcessorEffects.mayDestroy(destructionAware, beanClass);
				if (reason != null) {
					return reason;
				}
			}
		}
		return null;
	}

	/**
	 * A copy of the definition as the annotation post-processors leave it: injected
	 * members, init and destroy methods registered, as Spring does before the first
	 * instance.
	 */
	private RootBeanDefinition processedCopy(RootBeanDefinition definition, Class<?> beanClass,
			List<BeanPostProcessor> processors) {
		RootBeanDefinition copy = new RootBeanDefinition(definition);
		for (BeanPostProcessor processor : processors) {
			if (processor instanceof MergedBeanDefinitionPostProcessor merged
					&& PostProcessorEffects.recordsInDefinition(processor)) {
				merged.postProcessMergedBeanDefinition(copy, beanClass, this.beanName);
			}
		}
		return copy;
	}

	/**
	 * Whether the definition's instance supplier is the one Spring AOT generates for a
	 * class with a constructor and nothing else to inject: a {@link BeanInstanceSupplier}
	 * for a constructor (not a factory method), not wrapped with
	 * {@link org.springframework.beans.factory.support.InstanceSupplier#andThen andThen}
	 * (what AOT generates for injected fields and methods). It resolves the constructor's
	 * arguments and calls the constructor, as the direct path does.
	 */
	private static boolean isGeneratedConstructorCall(RootBeanDefinition definition) {
		return definition.getInstanceSupplier() instanceof BeanInstanceSupplier<?> supplier
				&& supplier.getFactoryMethod() == null;
	}

	/** The bean's class, loaded as Spring would, without changing its definition. */
	private @Nullable Class<?> beanClass(RootBeanDefinition definition) {
		if (definition.hasBeanClass()) {
			return definition.getBeanClass();
		}
		String className = definition.getBeanClassName();
		if (className == null) {
			return null;
		}
		try {
			return ClassUtils.forName(className, this.beanFactory.getBeanClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
	}

	private static boolean hasLookupMethods(Class<?> beanClass) {
		List<Method> lookups = new ArrayList<>();
		ReflectionUtils.doWithMethods(beanClass, lookups::add, (method) -> method.isAnnotationPresent(Lookup.class));
		return !lookups.isEmpty();
	}

	private static boolean isEmpty(Object @Nullable [] array) {
		return array == null || array.length == 0;
	}

}
