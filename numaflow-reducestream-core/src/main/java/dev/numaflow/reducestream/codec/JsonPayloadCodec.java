package dev.numaflow.reducestream.codec;

import java.lang.reflect.Type;

import tools.jackson.databind.json.JsonMapper;

/**
 * JSON payloads through a Jackson 3 {@link JsonMapper}. With Spring Boot the starter
 * builds it on the application's {@code JsonMapper} bean, so its modules and settings
 * ({@code spring.jackson.*}) apply to payloads as they do to {@code @RequestBody}. Needs
 * {@code tools.jackson.core:jackson-databind} on the class path.
 */
public final class JsonPayloadCodec implements PayloadCodec {

	private final JsonMapper mapper;

	/**
	 * A codec on the given mapper.
	 * @param mapper the mapper
	 */
	public JsonPayloadCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/**
	 * A codec on a mapper with Jackson's defaults and the modules found on the class
	 * path, as Spring Boot builds its own when nothing is configured.
	 * @return the codec
	 */
	public static JsonPayloadCodec withDefaultMapper() {
		return new JsonPayloadCodec(JsonMapper.builder().findAndAddModules().build());
	}

	/**
	 * The mapper.
	 * @return the mapper
	 */
	public JsonMapper mapper() {
		return this.mapper;
	}

	@Override
	public Object decode(byte[] payload, Type type) {
		if (type instanceof Class<?> plain) {
			return this.mapper.readValue(payload, plain);
		}
		return this.mapper.readValue(payload, this.mapper.constructType(type));
	}

	@Override
	public byte[] encode(Object value) {
		return this.mapper.writeValueAsBytes(value);
	}

}
