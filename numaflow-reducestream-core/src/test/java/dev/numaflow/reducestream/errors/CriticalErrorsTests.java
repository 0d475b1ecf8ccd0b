package dev.numaflow.reducestream.errors;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The entry the platform's Errors tab reads: its directory, name, fields and bounds, at
 * most one per writer, and a directory that cannot be written.
 */
class CriticalErrorsTests {

	private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L, 123_456_789L);

	@TempDir
	Path directory;

	private final Logger logger = (Logger) LoggerFactory.getLogger(CriticalErrors.class);

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	@BeforeEach
	void capture() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.appender);
	}

	private CriticalErrors writer(Path root) {
		return new CriticalErrors(root, "udf", Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private List<Path> files(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.sorted().toList();
		}
	}

	private DocumentContext onlyEntry() throws IOException {
		List<Path> files = files(this.directory.resolve("errors/udf"));
		assertThat(files).hasSize(1);
		return JsonPath.parse(Files.readString(files.get(0), StandardCharsets.UTF_8));
	}

	@Test
	void persistWritesOneEntryNamedByUnixNanosAndSequenceWithThePlatformsFields() throws IOException {
		assertThat(writer(this.directory.resolve("errors")).persist("Internal error", "UDF_EXECUTION_ERROR(udf): x",
				"at a\nat b"))
			.isTrue();
		List<Path> files = files(this.directory.resolve("errors/udf"));
		assertThat(files).singleElement()
			.extracting((file) -> file.getFileName().toString())
			.asString()
			.matches("1700000000123456789-\\d+-udf\\.json");
		DocumentContext entry = onlyEntry();
		assertThat(entry.read("$.container", String.class)).isEqualTo("udf");
		assertThat(entry.read("$.timestamp", Long.class)).isEqualTo(1_700_000_000L);
		assertThat(entry.read("$.code", String.class)).isEqualTo("Internal error");
		assertThat(entry.read("$.message", String.class)).isEqualTo("UDF_EXECUTION_ERROR(udf): x");
		assertThat(entry.read("$.details", String.class)).isEqualTo("at a\nat b");
	}

	@Test
	void aSecondPersistWritesNothingAndSaysSo() throws IOException {
		CriticalErrors writer = writer(this.directory.resolve("errors"));
		assertThat(writer.persist("Internal error", "first", "")).isTrue();
		assertThat(writer.persist("Internal error", "second", "")).isFalse();
		assertThat(writer.isClaimed()).isTrue();
		assertThat(onlyEntry().read("$.message", String.class)).isEqualTo("first");
	}

	@Test
	void theDirectoriesAreCreatedOpenToThePlatformsContainer() throws IOException {
		writer(this.directory.resolve("errors")).persist("", "m", "d");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.directory.resolve("errors/udf"))))
			.isEqualTo("rwxrwxrwx");
	}

	@Test
	void aDirectoryUnderARegularFileLogsOneWarningAndReturnsFalse() throws IOException {
		Path file = Files.writeString(this.directory.resolve("file"), "not a directory");
		CriticalErrors writer = writer(file.resolve("errors"));
		assertThat(writer.persist("Internal error", "lost", "d")).isFalse();
		assertThat(writer.persist("Internal error", "later", "d")).isFalse();
		assertThat(this.appender.list).filteredOn((event) -> event.getLevel() == Level.WARN)
			.singleElement()
			.extracting(ILoggingEvent::getFormattedMessage)
			.asString()
			.contains("Could not persist the critical error 'lost'")
			.contains(file.resolve("errors/udf").toString());
	}

	@Test
	void aBlankCodeIsTheInternalError() throws IOException {
		writer(this.directory.resolve("errors")).persist("  ", "m", "d");
		assertThat(onlyEntry().read("$.code", String.class)).isEqualTo(CriticalError.INTERNAL_ERROR);
	}

	@Test
	void textIsEscapedSoThatAStrictParserReadsItBack() throws IOException {
		String message = "quote \" backslash \\ tab \t bell \u0007 emoji \uD83D\uDE00 lone \uD800 end";
		writer(this.directory.resolve("errors")).persist("Internal error", message, "line\r\nnext");
		DocumentContext entry = onlyEntry();
		assertThat(entry.read("$.message", String.class))
			.isEqualTo("quote \" backslash \\ tab \t bell \u0007 emoji \uD83D\uDE00 lone \uFFFD end");
		assertThat(entry.read("$.details", String.class)).isEqualTo("line\r\nnext");
	}

	@Test
	void detailsKeepAtMostSixteenKibibytesWithoutSplittingACharacter() throws IOException {
		String details = "é".repeat(CriticalError.MAX_DETAILS_BYTES);
		writer(this.directory.resolve("errors")).persist("Internal error", "m", details);
		String written = onlyEntry().read("$.details", String.class);
		assertThat(written.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(CriticalError.MAX_DETAILS_BYTES)
			.isGreaterThan(CriticalError.MAX_DETAILS_BYTES - 20);
		assertThat(written).endsWith("é... (truncated)");
	}

	@Test
	void theMessageIsBoundedToo() {
		CriticalError error = new CriticalError("", "m".repeat(10_000), "");
		assertThat(error.message()).hasSize(CriticalError.MAX_MESSAGE_BYTES).endsWith("... (truncated)");
	}

	@Test
	void aContainerNameThatIsNotAPlainDirectoryNameIsRefused() {
		for (String name : List.of("", " ", ".", "..", "a/b", "../udf")) {
			assertThatIllegalArgumentException().isThrownBy(() -> new CriticalErrors(this.directory, name))
				.withMessageContaining("must be a plain directory name");
		}
	}

}
