package dev.numaflow.reducestream.errors;

/**
 * A critical error as the platform's Errors tab shows it. Both texts are bounded, so that
 * a few entries cannot fill the small volume the platform shares for them: the message to
 * {@value #MAX_MESSAGE_BYTES} bytes and the details to {@value #MAX_DETAILS_BYTES} bytes
 * of UTF-8, cut where they are too long and marked as cut.
 *
 * @param code the gRPC status code as the platform names it, such as
 * {@value #INTERNAL_ERROR}; blank becomes {@value #INTERNAL_ERROR}, as in the SDKs
 * @param message what went wrong, in a line
 * @param details more, such as a stack trace; possibly empty
 */
public record CriticalError(String code, String message, String details) {

	/**
	 * The platform's name of the gRPC status code {@code INTERNAL}, which it writes for a
	 * failed UDF call, and which the SDKs write when no code is given.
	 */
	public static final String INTERNAL_ERROR = "Internal error";

	/** The most bytes of UTF-8 the message keeps. */
	public static final int MAX_MESSAGE_BYTES = 4 * 1024;

	/** The most bytes of UTF-8 the details keep. */
	public static final int MAX_DETAILS_BYTES = 16 * 1024;

	/**
	 * Applies the default code and the bounds.
	 * @param code the code
	 * @param message the message
	 * @param details the details
	 */
	public CriticalError {
		code = code.isBlank() ? INTERNAL_ERROR : Utf8.truncated(code.strip(), 256);
		message = Utf8.truncated(message, MAX_MESSAGE_BYTES);
		details = Utf8.truncated(details, MAX_DETAILS_BYTES);
	}

}
