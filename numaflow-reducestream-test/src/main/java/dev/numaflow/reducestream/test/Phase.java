package dev.numaflow.reducestream.test;

/**
 * When a result was produced.
 */
public enum Phase {

	/** While the window was open: sent from {@code onDatum}. */
	WHILE_OPEN,

	/** At the window's end: sent from {@code onEndOfInput}, after the half-close. */
	AT_END

}
