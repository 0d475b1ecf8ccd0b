package dev.numaflow.reducestream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Datum#of}'s typed values.
 */
class DatumTests {

	@Test
	void aPayloadDecodesIntoAPrimitiveClass() {
		Datum datum = Datum.of(List.of("k"), "42".getBytes(StandardCharsets.UTF_8), Instant.EPOCH, Instant.EPOCH,
				Map.of(), MessageMetadata.EMPTY);
		int value = datum.value(int.class);
		assertThat(value).isEqualTo(42);
		assertThat(datum.value(Integer.class)).isEqualTo(42);
	}

}
