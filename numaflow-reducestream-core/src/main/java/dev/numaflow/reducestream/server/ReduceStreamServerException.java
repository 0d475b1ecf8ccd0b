package dev.numaflow.reducestream.server;

/**
 * The reduce stream server could not start: the message names the path or resource at
 * fault.
 */
public class ReduceStreamServerException extends RuntimeException {

	/**
	 * Creates an instance.
	 * @param message what went wrong
	 * @param cause the cause
	 */
	public ReduceStreamServerException(String message, Throwable cause) {
		super(message, cause);
	}

}
