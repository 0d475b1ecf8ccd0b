package dev.numaflow.reducestream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The boundaries that matter, checked on the core's main classes: a core free of Spring
 * Boot, a user API free of gRPC and of the runtime, no package cycles, no process-wide
 * side effects from library code, and null-safety declared in every package.
 */
@AnalyzeClasses(packages = "dev.numaflow.reducestream", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchTests libraryRules = ArchTests.in(LibraryRules.class);

	private static final String API = "dev.numaflow.reducestream";

	@ArchTest
	static final ArchRule apiDependsOnNoTransportTypes = noClasses().that()
		.resideInAPackage(API)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.grpc..", "com.google.protobuf..", "io.netty..", "dev.numaflow.reducestream.proto..");

	@ArchTest
	static final ArchRule apiDependsOnNoRuntimeOrAutoConfiguration = noClasses().that()
		.resideInAPackage(API)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("dev.numaflow.reducestream.server..", "dev.numaflow.reducestream.autoconfigure..");

	@ArchTest
	static final ArchRule coreDependsOnNoSpringBoot = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.boot..")
		.because("the core runs without Spring Boot; the auto-configuration module is the glue");

	@ArchTest
	static final ArchRule coreUsesSpringForAnnotationsOnly = noClasses().should()
		.dependOnClassesThat(resideInAPackage("org.springframework..").and(not(JavaClass.Predicates.ANNOTATIONS))
			.and(not(JavaClass.Predicates.ENUMS)))
		.because(
				"spring-context is on the core's class path for @ReduceStreamerBean's meta-annotations (and their enum members) only");

	@ArchTest
	static final ArchRule runtimeAndClientAreIndependent = noClasses().that()
		.resideInAPackage("dev.numaflow.reducestream.server..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("dev.numaflow.reducestream.client..")
		.because("the client plays the platform's part for tools and tests; the server never needs it");

	@ArchTest
	static final ArchRule onlyTheClientOpensChannels = noClasses().that()
		.resideOutsideOfPackage("dev.numaflow.reducestream.client..")
		.should()
		.dependOnClassesThat()
		.haveFullyQualifiedName("io.grpc.netty.NettyChannelBuilder")
		.because("the socket client is written once, in dev.numaflow.reducestream.client");

	@ArchTest
	static final ArchRule onlyTheTransportPackageNamesATransport = noClasses().that()
		.resideOutsideOfPackage("dev.numaflow.reducestream.transport..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.netty.channel.epoll..", "io.netty.channel.kqueue..", "io.netty.channel.nio..",
				"io.netty.channel.socket.nio..", "io.netty.channel.unix..")
		.because("servers and clients take their channels, event loops and addresses from the one resolved"
				+ " Transport, and a native transport's classes are touched only where it is known to load");

	@ArchTest
	static final ArchRule transportKnowsNeitherServerNorClient = noClasses().that()
		.resideInAPackage("dev.numaflow.reducestream.transport..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("dev.numaflow.reducestream.server..", "dev.numaflow.reducestream.client..");

	@ArchTest
	static final ArchRule mainCodeNeverExitsTheJvm = noClasses().should()
		.callMethod(System.class, "exit", int.class)
		.orShould()
		.callMethodWhere(target(owner(assignableTo(Runtime.class))).and(target(name("exit").or(name("halt")))))
		.because("the runtime never ends the application's process: the fail-fast and SIGTERM exits are the"
				+ " auto-configuration's");

}
