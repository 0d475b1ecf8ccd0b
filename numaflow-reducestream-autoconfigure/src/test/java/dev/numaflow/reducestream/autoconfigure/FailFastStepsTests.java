package dev.numaflow.reducestream.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ApplicationEventPublisher;

import dev.numaflow.reducestream.errors.CriticalErrors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The steps before the fail-fast exit never keep it from running: persisting the failure
 * and refusing traffic.
 */
class FailFastStepsTests {

	@TempDir
	Path directory;

	private final List<Throwable> exits = new ArrayList<>();

	@Test
	void theFailureIsPersistedThenTheNextStepRuns() throws IOException {
		CriticalErrors criticalErrors = new CriticalErrors(this.directory, "udf");
		IllegalStateException cause = new IllegalStateException("boom");
		new PersistCriticalErrorOnFailure(criticalErrors, "udf", this.exits::add).accept(cause);
		assertThat(this.exits).containsExactly(cause);
		List<Path> entries;
		try (Stream<Path> files = Files.list(this.directory.resolve("udf"))) {
			entries = files.toList();
		}
		assertThat(entries).hasSize(1);
		assertThat(Files.readString(entries.get(0)))
			.contains("\"message\":\"UDF_EXECUTION_ERROR(udf): java.lang.IllegalStateException: boom\"");
	}

	@Test
	void aDirectoryThatCannotBeWrittenDoesNotStopTheNextStep() throws IOException {
		Path file = Files.writeString(this.directory.resolve("file"), "");
		CriticalErrors criticalErrors = new CriticalErrors(file.resolve("errors"), "udf");
		IllegalStateException cause = new IllegalStateException("boom");
		new PersistCriticalErrorOnFailure(criticalErrors, "udf", this.exits::add).accept(cause);
		assertThat(this.exits).containsExactly(cause);
	}

	@Test
	void aThrowingAvailabilityListenerDoesNotStopTheNextStep() {
		ApplicationEventPublisher throwing = (event) -> {
			throw new IllegalStateException("listener");
		};
		IllegalStateException cause = new IllegalStateException("boom");
		assertThatIllegalStateException()
			.isThrownBy(() -> new RefuseTrafficOnFailure(throwing, this.exits::add).accept(cause))
			.withMessage("listener");
		assertThat(this.exits).containsExactly(cause);
	}

}
