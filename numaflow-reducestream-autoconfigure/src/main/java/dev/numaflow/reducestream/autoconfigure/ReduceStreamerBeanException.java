package dev.numaflow.reducestream.autoconfigure;

import java.util.List;

/**
 * The application does not have exactly one {@code @ReduceStreamerBean}.
 */
public class ReduceStreamerBeanException extends RuntimeException {

	private final List<String> annotatedBeans;

	private final List<String> unannotatedStreamers;

	/**
	 * Creates an instance.
	 * @param annotatedBeans the names of the beans marked {@code @ReduceStreamerBean}
	 * @param unannotatedStreamers the names of {@code ReduceStreamer} beans without the
	 * annotation
	 */
	public ReduceStreamerBeanException(List<String> annotatedBeans, List<String> unannotatedStreamers) {
		super(annotatedBeans.isEmpty() ? "No bean is annotated with @ReduceStreamerBean"
				: annotatedBeans.size() + " beans are annotated with @ReduceStreamerBean: " + annotatedBeans);
		this.annotatedBeans = List.copyOf(annotatedBeans);
		this.unannotatedStreamers = List.copyOf(unannotatedStreamers);
	}

	/**
	 * The beans marked {@code @ReduceStreamerBean}.
	 * @return the bean names
	 */
	public List<String> getAnnotatedBeans() {
		return this.annotatedBeans;
	}

	/**
	 * The {@code ReduceStreamer} beans that lack the annotation.
	 * @return the bean names
	 */
	public List<String> getUnannotatedStreamers() {
		return this.unannotatedStreamers;
	}

}
