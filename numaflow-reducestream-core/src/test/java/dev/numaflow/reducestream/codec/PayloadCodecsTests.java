package dev.numaflow.reducestream.codec;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PayloadCodecsTests {

	private static final PayloadCodec JSON = JsonPayloadCodec.withDefaultMapper();

	@Test
	void aValueDecodesIntoItsClass() {
		Object value = PayloadCodecs.decode(JSON, bytes("{\"name\":\"a\",\"count\":2}"), Point.class, List.of("k"));
		assertThat(value).isEqualTo(new Point("a", 2));
	}

	@Test
	void aPayloadDecodesIntoAGenericType() {
		Type type = new PayloadType<Map<String, List<Point>>>() {
		}.type();
		Object value = PayloadCodecs.decode(JSON, bytes("{\"x\":[{\"name\":\"a\",\"count\":1}]}"), type, List.of());
		assertThat(value).isEqualTo(Map.of("x", List.of(new Point("a", 1))));
	}

	@Test
	void aDecodingFailureNamesTheTypeTheKeySetAndTheFirstBytes() {
		String payload = "{\"name\":\"a\",\"count\":\"many\"}";
		assertThatExceptionOfType(PayloadDecodingException.class)
			.isThrownBy(() -> PayloadCodecs.decode(JSON, bytes(payload), Point.class, List.of("k1", "k2")))
			.withMessageStartingWith("Cannot decode the payload of key set [k1, k2] as " + Point.class.getName() + " ("
					+ payload.length() + " bytes: " + payload + "): ")
			.withMessageContaining("many")
			.satisfies((ex) -> {
				assertThat(ex.getTypeName()).isEqualTo(Point.class.getName());
				assertThat(ex.getKeys()).containsExactly("k1", "k2");
				assertThat(ex.getCause()).isNotNull();
			});
	}

	@Test
	void aDecodingFailureShowsAtMost64BytesAndEscapesTheUnprintable() {
		byte[] payload = new byte[100];
		payload[0] = 'A';
		payload[1] = (byte) 0xff;
		payload[2] = '\\';
		payload[3] = '\n';
		for (int i = 4; i < payload.length; i++) {
			payload[i] = 'z';
		}
		assertThatExceptionOfType(PayloadDecodingException.class)
			.isThrownBy(() -> PayloadCodecs.decode(JSON, payload, Point.class, List.of("k")))
			.withMessageContaining("(first 64 of 100 bytes: A\\xff\\x5c\\x0a" + "z".repeat(60) + "): ");
	}

	@Test
	void anEmptyPayloadIsNamedAsSuch() {
		assertThatExceptionOfType(PayloadDecodingException.class)
			.isThrownBy(() -> PayloadCodecs.decode(JSON, new byte[0], Point.class, List.of("k")))
			.withMessageContaining(" (0 bytes): ");
	}

	@Test
	void aPayloadThatDecodesToNullIsAFailure() {
		assertThatExceptionOfType(PayloadDecodingException.class)
			.isThrownBy(() -> PayloadCodecs.decode(JSON, bytes("null"), Point.class, List.of("k")))
			.withMessage("Cannot decode the payload of key set [k] as " + Point.class.getName()
					+ " (4 bytes: null): it decoded to null");
	}

	@Test
	void aCodecThatReturnsAnotherTypeIsAFailure() {
		PayloadCodec wrong = new PayloadCodec() {

			@Override
			public Object decode(byte[] payload, Type type) {
				return "not a point";
			}

			@Override
			public byte[] encode(Object value) {
				return new byte[0];
			}

		};
		assertThatExceptionOfType(PayloadDecodingException.class)
			.isThrownBy(() -> PayloadCodecs.decode(wrong, bytes("{}"), Point.class, List.of("k")))
			.withMessageEndingWith(
					"ClassCastException: the codec returned a java.lang.String, not a " + Point.class.getName());
	}

	@Test
	void aPrimitiveClassAcceptsItsWrapper() {
		assertThat(PayloadCodecs.decode(JSON, bytes("42"), int.class, List.of())).isEqualTo(42);
	}

	@Test
	@SuppressWarnings("NullAway") // what a caller without nullness checks can do
	void aNullValueIsRefusedNamingTheKeySet() {
		assertThatIllegalArgumentException().isThrownBy(() -> PayloadCodecs.encode(JSON, null, List.of("k")))
			.withMessageStartingWith("sendValue(null, ...) for the key set [k]");
	}

	@Test
	void aValueEncodesAsJson() {
		assertThat(new String(PayloadCodecs.encode(JSON, new Point("a", 1), List.of("k")), StandardCharsets.UTF_8))
			.isEqualTo("{\"name\":\"a\",\"count\":1}");
	}

	@Test
	void anEncodingFailureNamesTheClassAndTheKeySet() {
		assertThatExceptionOfType(PayloadEncodingException.class)
			.isThrownBy(() -> PayloadCodecs.encode(JSON, new Opaque(), List.of("k")))
			.withMessageStartingWith("Cannot encode a " + Opaque.class.getName() + " sent by key set [k]: ")
			.withMessageContaining("no reading");
	}

	@Test
	void aPayloadTypeWithoutATypeArgumentIsRefused() {
		assertThatIllegalStateException().isThrownBy(RawPayloadType::new)
			.withMessageContaining("must be created with its type argument");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	record Point(String name, int count) {
	}

	/** A property that cannot be read. */
	static final class Opaque {

		@SuppressWarnings("DoNotCallSuggester") // Jackson calls it
		public String getReading() {
			throw new IllegalStateException("no reading");
		}

	}

	@SuppressWarnings("rawtypes")
	static final class RawPayloadType extends PayloadType {

	}

}
