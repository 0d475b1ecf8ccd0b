package dev.numaflow.reducestream.test.emulator;

/**
 * An input line that is not a valid event; the message names the line.
 */
public class InvalidEventException extends IllegalArgumentException {

	private final int line;

	/**
	 * Creates an instance.
	 * @param line the line number, counted from 1
	 * @param problem what is wrong with it
	 */
	public InvalidEventException(int line, String problem) {
		super("line " + line + ": " + problem);
		this.line = line;
	}

	/**
	 * The line number, counted from 1.
	 * @return the line
	 */
	public int line() {
		return this.line;
	}

}
