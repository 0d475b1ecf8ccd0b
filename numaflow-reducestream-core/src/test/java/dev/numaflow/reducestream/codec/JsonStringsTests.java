package dev.numaflow.reducestream.codec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonStringsTests {

	private static String quote(String value) {
		return JsonStrings.quote(new StringBuilder(), value).toString();
	}

	@Test
	void quotesPlainText() {
		assertThat(quote("counter")).isEqualTo("\"counter\"");
		assertThat(quote("")).isEqualTo("\"\"");
	}

	@Test
	void escapesQuotesBackslashesAndControlCharacters() {
		assertThat(quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
		assertThat(quote("l1\nl2\r\tend")).isEqualTo("\"l1\\nl2\\r\\tend\"");
		assertThat(quote("\u0000\u001f")).isEqualTo("\"\\u0000\\u001f\"");
	}

	@Test
	void keepsCharactersOutsideAsciiAndWellFormedPairs() {
		assertThat(quote("é€\uD83D\uDE00")).isEqualTo("\"é€\uD83D\uDE00\"");
	}

	@Test
	void replacesLoneSurrogates() {
		assertThat(quote("a\uD83Db")).isEqualTo("\"a\uFFFDb\"");
		assertThat(quote("\uDE00")).isEqualTo("\"\uFFFD\"");
		assertThat(quote("x\uD83D")).isEqualTo("\"x\uFFFD\"");
	}

}
