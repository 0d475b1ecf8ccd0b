package dev.numaflow.reducestream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.jspecify.annotations.NullMarked;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The boundaries that matter, checked on the auto-configuration module's main classes
 * (the core checks its own): no package cycles, no process-wide side effects except the
 * two documented exits, and null-safety declared in every package.
 */
@AnalyzeClasses(packages = { "dev.numaflow.reducestream.autoconfigure", "dev.numaflow.reducestream.health",
		"dev.numaflow.reducestream.metrics" }, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.numaflow.(**)").should().beFreeOfCycles();

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
	static final ArchRule mainCodeNeverWritesToStandardStreams = noClasses().should()
		.accessField(System.class, "out")
		.orShould()
		.accessField(System.class, "err")
		.because("library code logs through SLF4J");

	@ArchTest
	static final ArchRule mainCodeNeverPrintsStackTraces = noClasses().should()
		.callMethodWhere(target(name("printStackTrace")).and(target(owner(assignableTo(Throwable.class)))))
		.because("library code logs through SLF4J");

	@ArchTest
	static final ArchRule everyPackageIsNullMarked = classes().that()
		.resideInAPackage("dev.numaflow.reducestream..")
		.and()
		.resideOutsideOfPackage("dev.numaflow.reducestream.proto..")
		.should(beInANullMarkedPackage());

	private static ArchCondition<JavaClass> beInANullMarkedPackage() {
		return new ArchCondition<>("be in a package whose package-info is annotated with @NullMarked") {

			@Override
			public void check(JavaClass javaClass, ConditionEvents events) {
				boolean nullMarked = javaClass.getPackage().isAnnotatedWith(NullMarked.class);
				String message = javaClass.getName() + " is in package " + javaClass.getPackageName() + ", which "
						+ (nullMarked ? "is" : "is not") + " annotated with @NullMarked in its package-info";
				events.add(new SimpleConditionEvent(javaClass, nullMarked, message));
			}

		};
	}

}
