package dev.numaflow.reducestream.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains what to do when the application has no {@code @ReduceStreamerBean}, or more
 * than one.
 */
class ReduceStreamerBeanFailureAnalyzer extends AbstractFailureAnalyzer<ReduceStreamerBeanException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ReduceStreamerBeanException cause) {
		if (cause.getAnnotatedBeans().isEmpty()) {
			String description = "The Numaflow reduce stream server needs the function it serves, but no bean is"
					+ " annotated with @ReduceStreamerBean.";
			if (!cause.getUnannotatedStreamers().isEmpty()) {
				description += " These ReduceStreamer beans lack the annotation: " + cause.getUnannotatedStreamers()
						+ ".";
			}
			return new FailureAnalysis(description,
					"Annotate your ReduceStreamer class (or the @Bean method that returns it) with @ReduceStreamerBean,"
							+ " and make sure component scanning finds it. To run without the server, set"
							+ " numaflow.reducestream.enabled=false.",
					cause);
		}
		return new FailureAnalysis(
				"The Numaflow reduce stream server serves exactly one function, but " + cause.getAnnotatedBeans().size()
						+ " beans are annotated with @ReduceStreamerBean: " + cause.getAnnotatedBeans() + ".",
				"Keep @ReduceStreamerBean on one bean and remove it from the others (a Numaflow UDF container serves one"
						+ " reduce stream function; deploy another vertex for another function).",
				cause);
	}

}
