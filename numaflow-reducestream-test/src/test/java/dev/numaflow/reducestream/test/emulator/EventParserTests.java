package dev.numaflow.reducestream.test.emulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventParserTests {

	private final EventParser parser = new EventParser();

	@Test
	void readsAnIsoEventTimeKeysValueAndHeaders() {
		Event event = this.parser.parse(
				"{\"eventTime\":\"2024-01-01T00:00:05.123456Z\",\"keys\":[\"a\",\"b\"],\"value\":\"héllo\",\"headers\":{\"h\":\"v\"}}",
				4);
		assertThat(event.line()).isEqualTo(4);
		assertThat(event.eventTime()).isEqualTo(Instant.parse("2024-01-01T00:00:05.123Z"));
		assertThat(event.keys()).containsExactly("a", "b");
		assertThat(new String(event.value(), StandardCharsets.UTF_8)).isEqualTo("héllo");
		assertThat(event.headers()).isEqualTo(Map.of("h", "v"));
	}

	@Test
	void readsEpochMillisecondsAndSendsAJsonValueAsItsText() {
		Event event = this.parser.parse("{\"eventTime\":1700000000000,\"keys\":[],\"value\":{\"n\":1}}", 1);
		assertThat(event.eventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
		assertThat(event.keys()).isEqualTo(List.of());
		assertThat(new String(event.value(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
		assertThat(event.headers()).isEmpty();
	}

	@Test
	void readsAnOptionalTraceContext() {
		Event event = this.parser.parse(
				"{\"eventTime\":1,\"keys\":[\"a\"],\"value\":\"1\",\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\",\"tracestate\":\"v=1\"}",
				1);
		assertThat(event.traceparent()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		assertThat(event.tracestate()).isEqualTo("v=1");
		Event none = this.parser.parse("{\"eventTime\":1,\"keys\":[\"a\"],\"value\":\"1\"}", 2);
		assertThat(none.traceparent()).isNull();
		assertThat(none.tracestate()).isNull();
	}

	@Test
	void aTraceparentThatIsNotAStringNamesTheLine() {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(
					() -> this.parser.parse("{\"eventTime\":1,\"keys\":[\"a\"],\"value\":\"1\",\"traceparent\":1}", 3))
			.withMessage("line 3: \"traceparent\" must be a string, not 1");
	}

	@Test
	void namesTheLineAndTheProblemOfABadLine() {
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> this.parser.parse("{not json", 7))
			.withMessageStartingWith("line 7: not valid JSON")
			.satisfies((ex) -> assertThat(ex.line()).isEqualTo(7));
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> this.parser.parse("{\"keys\":[\"a\"],\"value\":\"1\"}", 2))
			.withMessage("line 2: \"eventTime\" is missing");
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> this.parser.parse("{\"eventTime\":\"yesterday\",\"keys\":[\"a\"],\"value\":\"1\"}", 3))
			.withMessageContaining("line 3: \"eventTime\" 'yesterday' is not an ISO-8601 instant");
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> this.parser.parse("{\"eventTime\":0,\"keys\":\"a\",\"value\":\"1\"}", 5))
			.withMessageContaining("line 5: \"keys\" must be an array of strings");
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> this.parser.parse("{\"eventTime\":0,\"keys\":[\"a\"]}", 6))
			.withMessage("line 6: \"value\" is missing");
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> this.parser.parse("[1,2]", 8))
			.withMessageStartingWith("line 8: expected a JSON object");
		assertThatExceptionOfType(InvalidEventException.class).isThrownBy(
				() -> this.parser.parse("{\"eventTime\":0,\"keys\":[\"a\"],\"value\":\"1\",\"headers\":{\"h\":1}}", 9))
			.withMessageContaining("line 9: header \"h\" must be a string");
	}

}
