package dev.numaflow.reducestream.test;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The test kit runs inside users' test JVMs: only the emulator's command line may print
 * or end the process; everything else logs, throws or returns. Its socket connections
 * come from the core's one client.
 */
@AnalyzeClasses(packages = "dev.numaflow.reducestream.test", importOptions = ImportOption.DoNotIncludeTests.class)
class TestKitArchitectureTests {

	private static final String COMMAND_LINE = "dev.numaflow.reducestream.test.emulator.Emulator";

	@ArchTest
	static final ArchRule onlyTheCommandLineExits = noClasses().that()
		.doNotHaveFullyQualifiedName(COMMAND_LINE)
		.should()
		.callMethod(System.class, "exit", int.class)
		.orShould()
		.callMethodWhere(target(owner(assignableTo(Runtime.class))).and(target(name("exit").or(name("halt")))))
		.because("the kit runs in the user's test JVM; only the emulator's main ends its own process");

	@ArchTest
	static final ArchRule onlyTheCommandLineUsesTheStandardStreams = noClasses().that()
		.doNotHaveFullyQualifiedName(COMMAND_LINE)
		.should()
		.accessField(System.class, "out")
		.orShould()
		.accessField(System.class, "err")
		.orShould()
		.callMethodWhere(target(name("printStackTrace")).and(target(owner(assignableTo(Throwable.class)))))
		.because("the emulator's main hands its streams to the rest; the kit's library code logs");

	@ArchTest
	static final ArchRule socketChannelsComeFromTheCoresClient = noClasses().should()
		.dependOnClassesThat()
		.haveFullyQualifiedName("io.grpc.netty.NettyChannelBuilder")
		.because("the socket client is written once, in the core's dev.numaflow.reducestream.client");

}
