package dev.numaflow.reducestream;

import com.tngtech.archunit.core.domain.JavaClass;
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
 * The rules every module of this library keeps, included by each module's architecture
 * tests ({@code ArchTests.in(LibraryRules.class)}): no package cycles, logging instead of
 * the standard streams, and null-safety declared in every package.
 */
public final class LibraryRules {

	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.numaflow.(**)").should().beFreeOfCycles();

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

	private LibraryRules() {
	}

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
