package dev.numaflow.reducestream.autoconfigure;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.PostConstruct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.aot.BeanInstanceSupplier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.InstanceSupplier;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.Environment;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;
import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.AutoCloseableStreamer;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.EchoStreamer;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.Greeting;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.GreetingStreamer;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.InstanceNumbers;
import dev.numaflow.reducestream.autoconfigure.TestStreamers.PreDestroyStreamer;
import dev.numaflow.reducestream.server.ReduceStreamServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Which path the {@code @ReduceStreamerBean} of each kind takes per key set: its
 * constructor alone where nothing of Spring's applies to it, {@code getBean} otherwise;
 * destroyed through the bean factory only where it has something to destroy. Where the
 * path is the constructor's, the behaviour Spring would give is checked over the real
 * socket too.
 */
@ExtendWith(OutputCaptureExtension.class)
class StreamerBeanPathTests {

	@TempDir
	Path directory;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReduceStreamAutoConfiguration.class))
			.withPropertyValues("numaflow.reducestream.on-handler-error=continue",
					"numaflow.reducestream.shutdown.exit-zero-on-sigterm=false",
					"numaflow.reducestream.socket-path=" + this.directory.resolve("rs.sock"),
					"numaflow.reducestream.server-info-path=" + this.directory.resolve("server-info"))
			.withBean(InstanceNumbers.class)
			.withBean(Greeting.class, () -> new Greeting("hello from the context"))
			.withBean(TestStreamers.Destructions.class);
	}

	private static ReduceStreamerFactory factory(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(ReduceStreamerFactory.class);
	}

	private static void assertConstructor(AssertableApplicationContext context, boolean destroys) {
		assertThat(factory(context)).isInstanceOfSatisfying(ConstructorReduceStreamerFactory.class,
				(factory) -> assertThat(factory.destroys()).isEqualTo(destroys));
	}

	private static void assertGetBean(AssertableApplicationContext context, boolean destroys) {
		assertThat(factory(context)).isInstanceOfSatisfying(BeanFactoryReduceStreamerFactory.class,
				(factory) -> assertThat(factory.destroys()).isEqualTo(destroys));
	}

	@Test
	void plainClassIsCreatedWithItsConstructorAndNotDestroyed() {
		runner().withUserConfiguration(EchoStreamer.class).run((context) -> assertConstructor(context, false));
	}

	@Test
	void componentScannedClassIsCreatedWithItsConstructor() {
		runner().withUserConfiguration(ScanGreetingStreamer.class).run((context) -> {
			assertThat(context.getBeanFactory().getMergedBeanDefinition("testStreamers.GreetingStreamer"))
				.satisfies((definition) -> assertThat(
						((org.springframework.beans.factory.support.AbstractBeanDefinition) definition).hasBeanClass())
					.isFalse());
			assertConstructor(context, false);
		});
	}

	@Test
	void constructorInjectedClassIsCreatedWithItsConstructor() {
		runner().withUserConfiguration(GreetingStreamer.class).run((context) -> assertConstructor(context, false));
	}

	@Test
	void configurationPropertiesArgumentIsResolvedOnce() {
		runner().withUserConfiguration(PropertiesConfiguration.class, PropertiesStreamer.class)
			.withPropertyValues("test.streamer.text=from properties")
			.run((context) -> {
				assertConstructor(context, false);
				assertThat(OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "b").resultValues())
					.containsOnly("from properties");
			});
	}

	@Test
	void autoCloseableClassIsCreatedWithItsConstructorAndDestroyed() {
		runner().withUserConfiguration(AutoCloseableStreamer.class).run((context) -> assertConstructor(context, true));
	}

	@Test
	void preDestroyClassIsCreatedWithItsConstructorAndDestroyed() {
		runner().withUserConfiguration(PreDestroyStreamer.class).run((context) -> assertConstructor(context, true));
	}

	@Test
	void postConstructClassTakesGetBean() {
		runner().withUserConfiguration(ReduceStreamerBeanTests.PostConstructStreamer.class)
			.run((context) -> assertGetBean(context, false));
	}

	@Test
	void beanMethodTakesGetBeanAndIsDestroyed() {
		runner().withUserConfiguration(FunctionConfiguration.class).run((context) -> assertGetBean(context, true));
	}

	@Test
	void applicationContextAwareClassTakesGetBeanAndGetsTheContext() {
		runner().withUserConfiguration(ContextAwareStreamer.class).run((context) -> {
			assertGetBean(context, false);
			assertThat(OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "b").resultValues())
				.containsOnly("context set");
		});
	}

	@Test
	void applicationListenerClassTakesGetBean() {
		runner().withUserConfiguration(ListenerStreamer.class).run((context) -> assertGetBean(context, true));
	}

	@Test
	void fieldInjectedClassTakesGetBeanAndGetsItsField() {
		runner().withUserConfiguration(FieldInjectedStreamer.class).run((context) -> {
			assertGetBean(context, false);
			assertThat(OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "b").resultValues())
				.containsOnly("hello from the context");
		});
	}

	@Test
	void prototypeArgumentTakesGetBeanSoEachKeySetGetsItsOwn() {
		runner().withUserConfiguration(PrototypeArgumentConfiguration.class, PrototypeArgumentStreamer.class)
			.run((context) -> {
				assertGetBean(context, false);
				assertThat(OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "b", "c").resultValues())
					.hasSize(3)
					.doesNotHaveDuplicates();
			});
	}

	@Test
	void valueArgumentTakesGetBean() {
		runner().withUserConfiguration(ValueArgumentStreamer.class).run((context) -> assertGetBean(context, false));
	}

	@Test
	void lazyArgumentTakesGetBean() {
		runner().withUserConfiguration(LazyArgumentStreamer.class).run((context) -> assertGetBean(context, false));
	}

	@Test
	void twoConstructorsTakeGetBean() {
		runner().withUserConfiguration(TwoConstructorsStreamer.class).run((context) -> assertGetBean(context, false));
	}

	@Test
	void unknownPostProcessorTakesGetBeanAndSeesEachInstance(CapturedOutput output) {
		runner().withUserConfiguration(SeenStreamerConfiguration.class, EchoStreamer.class).run((context) -> {
			assertGetBean(context, false);
			OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "b");
			assertThat(SeenStreamerConfiguration.seen).hasSize(2);
			assertThat(output).contains("because the bean post-processors [" + SeenStreamers.class.getName() + "]");
		});
	}

	@Test
	void springAotConstructorSupplierIsCreatedWithItsConstructor() {
		// What process-aot generates for a class with one constructor and nothing else.
		InstanceSupplier<GreetingStreamer> generated = BeanInstanceSupplier
			.<GreetingStreamer>forConstructor(Greeting.class)
			.withGenerator(
					(registeredBean, args) -> new GreetingStreamer(Objects.requireNonNull(args.<Greeting>get(0))));
		runner().withInitializer((context) -> register(context, generated)).run((context) -> {
			assertConstructor(context, false);
			assertThat(OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "b").resultValues())
				.containsOnly("hello from the context", "hello from the context");
		});
	}

	@Test
	void springAotSupplierWithInjectionTakesGetBean() {
		// What process-aot generates for injected fields or methods: the supplier andThen
		// the injection.
		InstanceSupplier<GreetingStreamer> generated = BeanInstanceSupplier
			.<GreetingStreamer>forConstructor(Greeting.class)
			.withGenerator(
					(registeredBean, args) -> new GreetingStreamer(Objects.requireNonNull(args.<Greeting>get(0))))
			.andThen((registeredBean, instance) -> instance);
		runner().withInitializer((context) -> register(context, generated))
			.run((context) -> assertGetBean(context, false));
	}

	@Test
	void instanceSupplierInCodeTakesGetBean(CapturedOutput output) {
		InstanceSupplier<GreetingStreamer> inCode = InstanceSupplier
			.using(() -> new GreetingStreamer(new Greeting("from code")));
		runner().withInitializer((context) -> register(context, inCode)).run((context) -> {
			assertGetBean(context, false);
			assertThat(output)
				.contains("because it has an instance supplier that is not Spring AOT's plain" + " constructor call");
		});
	}

	private static void register(ConfigurableApplicationContext context, InstanceSupplier<GreetingStreamer> supplier) {
		RootBeanDefinition definition = new RootBeanDefinition(GreetingStreamer.class);
		definition.setScope(BeanDefinition.SCOPE_PROTOTYPE);
		definition.setInstanceSupplier(supplier);
		((BeanDefinitionRegistry) context.getBeanFactory()).registerBeanDefinition("greetingStreamer", definition);
	}

	@Test
	void choiceIsLoggedOnceAtStartUp(CapturedOutput output) {
		runner().withUserConfiguration(GreetingStreamer.class).run((context) -> {
			OneWindow.reduce(context.getBean(ReduceStreamServer.class), "a", "b");
			assertThat(output.getOut().split("is created per key set with its constructor alone", -1)).hasSize(2);
			assertThat(output).contains("INFO",
					"'testStreamers.GreetingStreamer' (" + GreetingStreamer.class.getName()
							+ ") is created per key set with its constructor alone, arguments resolved once at start-up"
							+ " [testStreamers.Greeting]");
		});
	}

	@Test
	void aConstructorParameterWithNoBeanFailsTheStartUpNamingTheParameter(CapturedOutput output) {
		SpringApplication application = new SpringApplication(GreetingWithoutItsGreeting.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(
				Map.of("numaflow.reducestream.socket-path", this.directory.resolve("rs.sock").toString(),
						"numaflow.reducestream.server-info-path", this.directory.resolve("server-info").toString(),
						"numaflow.reducestream.shutdown.exit-zero-on-sigterm", "false"));
		assertThatException().isThrownBy(application::run);
		// Spring Boot's own analysis of a missing bean, before anything is bound.
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Parameter 0 of constructor in " + GreetingStreamer.class.getName() + " required a bean of type '"
					+ Greeting.class.getName() + "' that could not be found.");
		assertThat(this.directory.resolve("server-info")).doesNotExist();
	}

	/** A streamer whose constructor needs a bean the application does not have. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(ReduceStreamAutoConfiguration.class)
	@Import(GreetingStreamer.class)
	static class GreetingWithoutItsGreeting {

	}

	/**
	 * Finds {@link GreetingStreamer} by scanning, so its definition holds a class name.
	 */
	@Configuration(proxyBeanMethods = false)
	@ComponentScan(basePackageClasses = GreetingStreamer.class, useDefaultFilters = false,
			includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = GreetingStreamer.class))
	static class ScanGreetingStreamer {

	}

	@Configuration(proxyBeanMethods = false)
	static class FunctionConfiguration {

		@Bean
		@ReduceStreamerBean
		ReduceStreamer function() {
			return ReduceStreamer.of((datum, output, metadata) -> {
			}, (output, metadata) -> {
			});
		}

	}

	/**
	 * Settings bound from the environment, as a {@code @ConfigurationProperties} record
	 * is (not annotated: the configuration processor would write test metadata that hides
	 * the module's own).
	 */
	record StreamerProperties(String text) {
	}

	@Configuration(proxyBeanMethods = false)
	static class PropertiesConfiguration {

		@Bean
		StreamerProperties streamerProperties(Environment environment) {
			return Binder.get(environment).bind("test.streamer", StreamerProperties.class).get();
		}

	}

	/** Injected with a configuration properties record, as the counter sample is. */
	@ReduceStreamerBean
	static class PropertiesStreamer extends Sender {

		PropertiesStreamer(StreamerProperties properties) {
			super(properties.text());
		}

	}

	/** Sends a text per datum. */
	abstract static class Sender implements ReduceStreamer {

		private final String text;

		Sender(String text) {
			this.text = text;
		}

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			output.send(Message.of(this.text, metadata.keys()));
		}

	}

	@ReduceStreamerBean
	static class ContextAwareStreamer implements ReduceStreamer, ApplicationContextAware {

		private boolean contextSet;

		@Override
		public void setApplicationContext(ApplicationContext applicationContext) {
			this.contextSet = true;
		}

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			output.send(Message.of(this.contextSet ? "context set" : "no context", metadata.keys()));
		}

	}

	@ReduceStreamerBean
	static class ListenerStreamer extends EchoStreamer implements ApplicationListener<ApplicationEvent> {

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
		}

	}

	@ReduceStreamerBean
	static class FieldInjectedStreamer implements ReduceStreamer {

		@Autowired
		private Greeting greeting;

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			output.send(Message.of(this.greeting.text(), metadata.keys()));
		}

	}

	/** A prototype bean a streamer is injected with: a new number each time. */
	record Numbered(int number) {
	}

	@Configuration(proxyBeanMethods = false)
	static class PrototypeArgumentConfiguration {

		@Bean
		@Scope("prototype")
		Numbered numbered(InstanceNumbers numbers) {
			return new Numbered(numbers.next());
		}

	}

	@ReduceStreamerBean
	static class PrototypeArgumentStreamer extends Sender {

		PrototypeArgumentStreamer(Numbered numbered) {
			super("number-" + numbered.number());
		}

	}

	@ReduceStreamerBean
	static class ValueArgumentStreamer extends Sender {

		ValueArgumentStreamer(@Value("${test.text:default}") String text) {
			super(text);
		}

	}

	@ReduceStreamerBean
	static class LazyArgumentStreamer extends Sender {

		LazyArgumentStreamer(@Lazy InstanceNumbers numbers) {
			super("number-" + numbers.next());
		}

	}

	@ReduceStreamerBean
	static class TwoConstructorsStreamer extends Sender {

		TwoConstructorsStreamer() {
			super("none");
		}

		@Autowired
		TwoConstructorsStreamer(Greeting greeting) {
			super(greeting.text());
		}

	}

	/** An application's own post-processor, which the starter cannot know. */
	static class SeenStreamers implements BeanPostProcessor {

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof ReduceStreamer) {
				SeenStreamerConfiguration.seen.add(bean);
			}
			return bean;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SeenStreamerConfiguration {

		static final List<Object> seen = new CopyOnWriteArrayList<>();

		@Bean
		static SeenStreamers seenStreamers() {
			seen.clear();
			return new SeenStreamers();
		}

	}

}
