package dev.numaflow.reducestream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The boundaries that matter, checked on the auto-configuration module's main classes
 * (the core checks its own): no package cycles, no process-wide side effects except the
 * two documented exits, no environment variable read past Spring's {@code Environment},
 * auto-configurations conditional on classes of their dependencies, and null-safety
 * declared in every package.
 */
@AnalyzeClasses(packages = { "dev.numaflow.reducestream.autoconfigure", "dev.numaflow.reducestream.health",
		"dev.numaflow.reducestream.metrics" }, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchTests libraryRules = ArchTests.in(LibraryRules.class);

	@ArchTest
	static final ArchRule mainCodeNeverExitsTheJvm = noClasses().that()
		.doNotHaveFullyQualifiedName("dev.numaflow.reducestream.autoconfigure.FailFastExit")
		.and()
		.doNotHaveFullyQualifiedName("dev.numaflow.reducestream.autoconfigure.SigtermExit$Handler")
		.should()
		.callMethod(System.class, "exit", int.class)
		.orShould()
		.callMethodWhere(target(owner(assignableTo(Runtime.class))).and(target(name("exit").or(name("halt")))))
		.because("a library must not end the application's process, except on its two documented paths: the"
				+ " fail-fast exit after user code fails, and the orderly exit on SIGTERM");

	@ArchTest
	static final ArchRule mainCodeNeverReadsEnvironmentVariables = noClasses().should()
		.callMethodWhere(target(owner(type(System.class))).and(target(name("getenv"))))
		.because("the platform's NUMAFLOW_* variables are read through Spring's Environment, where tests and"
				+ " property sources can set them");

	@ArchTest
	static final ArchRule autoConfigurationsAreConditionalOnAClassOfADependency = classes().that()
		.areAnnotatedWith(AutoConfiguration.class)
		.should(beConditionalOnClassesOfDependenciesOnly())
		.because("a class of our own is always present with the auto-configuration, so a condition on it"
				+ " would never back off");

	private static ArchCondition<JavaClass> beConditionalOnClassesOfDependenciesOnly() {
		return new ArchCondition<>("be annotated with @ConditionalOnClass naming only classes of dependencies") {

			@Override
			public void check(JavaClass javaClass, ConditionEvents events) {
				List<String> named = conditionalOnClassNames(javaClass);
				List<String> ours = named.stream().filter((name) -> name.startsWith("dev.numaflow.")).toList();
				boolean satisfied = !named.isEmpty() && ours.isEmpty();
				String message = javaClass.getName()
						+ (named.isEmpty() ? " has no @ConditionalOnClass" : " is @ConditionalOnClass(" + named + ")"
								+ (ours.isEmpty() ? "" : ", of which " + ours + " are classes of this project"));
				events.add(new SimpleConditionEvent(javaClass, satisfied, message));
			}

		};
	}

	private static List<String> conditionalOnClassNames(JavaClass javaClass) {
		return javaClass.tryGetAnnotationOfType(ConditionalOnClass.class.getName()).map((annotation) -> {
			List<String> names = new ArrayList<>();
			annotation.get("value")
				.ifPresent((value) -> Arrays.stream((JavaClass[]) value).map(JavaClass::getName).forEach(names::add));
			annotation.get("name").ifPresent((value) -> names.addAll(Arrays.asList((String[]) value)));
			return names;
		}).orElse(new ArrayList<>());
	}

}
