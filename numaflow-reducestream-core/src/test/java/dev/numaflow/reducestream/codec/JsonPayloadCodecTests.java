package dev.numaflow.reducestream.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The JSON codec, in particular one whose mapper is obtained at the first payload (the
 * starter's, so that the application's mapper is not built on the way to the bind).
 */
class JsonPayloadCodecTests {

	record Point(String name, int count) {
	}

	@Test
	void aLazyCodecAsksForItsMapperAtTheFirstPayloadAndOnlyOnce() throws Exception {
		AtomicInteger asked = new AtomicInteger();
		JsonMapper mapper = JsonPayloadCodec.defaultMapper();
		JsonPayloadCodec codec = JsonPayloadCodec.lazily(() -> {
			asked.incrementAndGet();
			return mapper;
		});
		assertThat(asked).hasValue(0);
		assertThat(codec.decode(bytes("{\"name\":\"a\",\"count\":2}"), Point.class)).isEqualTo(new Point("a", 2));
		assertThat(new String(codec.encode(new Point("b", 3)), StandardCharsets.UTF_8))
			.isEqualTo("{\"name\":\"b\",\"count\":3}");
		assertThat(codec.mapper()).isSameAs(mapper);
		assertThat(asked).hasValue(1);
	}

	@Test
	void threadsThatUseALazyCodecFirstTogetherShareOneMapper() throws Exception {
		AtomicInteger asked = new AtomicInteger();
		CountDownLatch supplying = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		JsonPayloadCodec codec = JsonPayloadCodec.lazily(() -> {
			asked.incrementAndGet();
			supplying.countDown();
			await(release);
			return JsonPayloadCodec.defaultMapper();
		});
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<JsonMapper>> mappers = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				mappers.add(threads.submit(codec::mapper));
			}
			// One thread is inside the supplier; the others wait for it, not ask again.
			assertThat(supplying.await(10, TimeUnit.SECONDS)).isTrue();
			release.countDown();
			JsonMapper first = mappers.get(0).get(10, TimeUnit.SECONDS);
			for (Future<JsonMapper> mapper : mappers) {
				assertThat(mapper.get(10, TimeUnit.SECONDS)).isSameAs(first);
			}
			assertThat(asked).hasValue(1);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void aSupplierThatGivesNoMapperFailsThePayloadClearlyAndIsAskedAgainNextTime() {
		AtomicInteger asked = new AtomicInteger();
		JsonPayloadCodec codec = JsonPayloadCodec
			.lazily(() -> (asked.incrementAndGet() == 1) ? null : JsonPayloadCodec.defaultMapper());
		assertThatIllegalStateException().isThrownBy(() -> codec.decode(bytes("{}"), Point.class))
			.withMessage("The JsonMapper supplier of the payload codec returned null");
		assertThat(codec.mapper()).isNotNull();
		assertThat(asked).hasValue(2);
	}

	@Test
	void aCodecOnAMapperUsesThatMapper() {
		JsonMapper mapper = JsonPayloadCodec.defaultMapper();
		assertThat(new JsonPayloadCodec(mapper).mapper()).isSameAs(mapper);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("not released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
