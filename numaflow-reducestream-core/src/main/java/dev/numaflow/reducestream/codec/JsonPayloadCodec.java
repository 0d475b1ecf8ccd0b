package dev.numaflow.reducestream.codec;

import java.lang.reflect.Type;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.json.JsonMapper;

/**
 * JSON payloads through a Jackson 3 {@link JsonMapper}. With Spring Boot the starter
 * builds it on the application's {@code JsonMapper} bean, so its modules and settings
 * ({@code spring.jackson.*}) apply to payloads as they do to {@code @RequestBody}. Needs
 * {@code tools.jackson.core:jackson-databind} on the class path.
 */
public final class JsonPayloadCodec implements PayloadCodec {

	private final Supplier<JsonMapper> source;

	private volatile @Nullable JsonMapper mapper;

	/**
	 * A codec on the given mapper.
	 * @param mapper the mapper
	 */
	public JsonPayloadCodec(JsonMapper mapper) {
		this.mapper = mapper;
		this.source = () -> mapper;
	}

	private JsonPayloadCodec(Supplier<JsonMapper> source) {
		this.source = source;
	}

	/**
	 * A codec whose mapper is obtained when a payload is first decoded or encoded, then
	 * kept: the starter passes the application's {@code JsonMapper} bean this way, so
	 * that building it (tens of milliseconds) is not on the way to the server's bind.
	 * @param mapper supplies the mapper, once; it runs on the thread of the first payload
	 * @return the codec
	 */
	public static JsonPayloadCodec lazily(Supplier<JsonMapper> mapper) {
		return new JsonPayloadCodec(mapper);
	}

	/**
	 * A codec on a mapper with Jackson's defaults and the modules found on the class
	 * path, as Spring Boot builds its own when nothing is configured.
	 * @return the codec
	 */
	public static JsonPayloadCodec withDefaultMapper() {
		return new JsonPayloadCodec(defaultMapper());
	}

	/**
	 * A mapper with Jackson's defaults and the modules found on the class path.
	 * @return the mapper
	 */
	public static JsonMapper defaultMapper() {
		return JsonMapper.builder().findAndAddModules().build();
	}

	/**
	 * The mapper, obtained now if the codec was made {@link #lazily(Supplier)} and has
	 * not used it yet.
	 * @return the mapper
	 * @throws IllegalStateException if the supplier gave none
	 */
	public JsonMapper mapper() {
		JsonMapper current = this.mapper;
		if (current == null) {
			synchronized (this) {
				current = this.mapper;
				if (current == null) {
					current = this.source.get();
					if (current == null) {
						throw new IllegalStateException("The JsonMapper supplier of the payload codec returned null");
					}
					this.mapper = current;
				}
			}
		}
		return current;
	}

	@Override
	public Object decode(byte[] payload, Type type) {
		if (type instanceof Class<?> plain) {
			return mapper().readValue(payload, plain);
		}
		JsonMapper mapper = mapper();
		return mapper.readValue(payload, mapper.constructType(type));
	}

	@Override
	public byte[] encode(Object value) {
		return mapper().writeValueAsBytes(value);
	}

}
