package dev.numaflow.reducestream.codec;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A generic type to decode a payload into, captured by a subclass: {@code datum.value(new
 * PayloadType<List<Reading>>() { })}. For a plain class, use
 * {@code datum.value(Reading.class)}.
 *
 * @param <T> the type
 */
public abstract class PayloadType<T> {

	private final Type type;

	/**
	 * Captures the type argument of the anonymous subclass.
	 * @throws IllegalStateException if the subclass gives no type argument
	 */
	protected PayloadType() {
		Type superclass = getClass().getGenericSuperclass();
		if (!(superclass instanceof ParameterizedType parameterized)) {
			throw new IllegalStateException("A PayloadType must be created with its type argument, as in"
					+ " new PayloadType<List<Reading>>() { }, but " + getClass().getName() + " gives none");
		}
		this.type = parameterized.getActualTypeArguments()[0];
	}

	/**
	 * The captured type.
	 * @return the type
	 */
	public final Type type() {
		return this.type;
	}

	@Override
	public final boolean equals(Object other) {
		return other instanceof PayloadType<?> that && this.type.equals(that.type);
	}

	@Override
	public final int hashCode() {
		return this.type.hashCode();
	}

	@Override
	public String toString() {
		return "PayloadType[" + this.type.getTypeName() + "]";
	}

}
