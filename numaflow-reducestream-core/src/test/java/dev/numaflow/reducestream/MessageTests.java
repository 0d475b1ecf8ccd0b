package dev.numaflow.reducestream;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The tags a result may carry: the platform's reserved tags other than drop are refused
 * by every factory that takes tags, and by {@code withTags}.
 */
class MessageTests {

	private static final byte[] VALUE = "v".getBytes(StandardCharsets.UTF_8);

	private static final List<String> KEYS = List.of("k");

	@Test
	void ofRefusesTheFailTagAndSaysThatAReduceHasNoRetry() {
		assertThatIllegalArgumentException().isThrownBy(() -> Message.of(VALUE, KEYS, List.of("ok", Message.FAIL_TAG)))
			.withMessageContaining("cannot carry the tag 'U+005C__FAIL__'")
			.withMessageContaining("a reduce has no retry")
			.withMessageContaining("forward it as an ordinary tag");
	}

	@Test
	void ofRefusesTheNackTagAndSaysThatAReduceResultAcknowledgesNothing() {
		assertThatIllegalArgumentException().isThrownBy(() -> Message.of(VALUE, KEYS, List.of(Message.NACK_TAG)))
			.withMessageContaining("cannot carry the tag 'U+005C__NACK__'")
			.withMessageContaining("a reduce result acknowledges nothing");
	}

	@ParameterizedTest
	@ValueSource(strings = { "U+005C__RETRY__", "U+005C____", "U+005C__END__" })
	void ofRefusesAnyOtherReservedTag(String tag) {
		assertThatIllegalArgumentException().isThrownBy(() -> Message.of(VALUE, KEYS, List.of(tag)))
			.withMessageContaining("cannot carry the tag '" + tag + "'")
			.withMessageContaining("reserved for the platform's own signals");
	}

	@Test
	void ofAcceptsTheDropTag() {
		Message message = Message.of(VALUE, KEYS, List.of(Message.DROP_TAG));
		assertThat(message.isDrop()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "FAIL", "__FAIL__", "\\__FAIL__", "U+005C__", "U+005C__FAIL", "u+005c__FAIL__",
			"x-U+005C__FAIL__" })
	void ofAcceptsTagsThatOnlyLookReserved(String tag) {
		assertThat(Message.of(VALUE, KEYS, List.of(tag)).tags()).containsExactly(tag);
	}

	@Test
	void withTagsRefusesTheFailTag() {
		Message message = Message.of("v", KEYS);
		assertThatIllegalArgumentException().isThrownBy(() -> message.withTags(List.of(Message.FAIL_TAG)))
			.withMessageContaining("'U+005C__FAIL__'");
	}

	@Test
	void withTagsRefusesTheNackTag() {
		Message message = Message.of(VALUE, KEYS);
		assertThatIllegalArgumentException().isThrownBy(() -> message.withTags(List.of("a", Message.NACK_TAG)))
			.withMessageContaining("'U+005C__NACK__'");
	}

	@Test
	void withTagsRefusesAnyOtherReservedTag() {
		Message message = Message.toDrop();
		assertThatIllegalArgumentException().isThrownBy(() -> message.withTags(List.of("U+005C__SKIP__")))
			.withMessageContaining("'U+005C__SKIP__'");
	}

	@Test
	void withTagsAcceptsTheDropTagAndOrdinaryTags() {
		Message message = Message.of("v", KEYS).withTags(List.of("even", Message.DROP_TAG));
		assertThat(message.tags()).containsExactly("even", Message.DROP_TAG);
	}

	@Test
	void toDropCarriesOnlyTheDropTag() {
		assertThat(Message.toDrop().tags()).containsExactly(Message.DROP_TAG);
	}

	@Test
	void theFactoriesWithoutTagsGiveNoTags() {
		assertThat(Message.of(VALUE, KEYS).tags()).isEmpty();
		assertThat(Message.of("v", KEYS).tags()).isEmpty();
	}

}
