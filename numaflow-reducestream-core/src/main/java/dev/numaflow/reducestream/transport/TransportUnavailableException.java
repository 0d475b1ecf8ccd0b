package dev.numaflow.reducestream.transport;

import java.util.List;

/**
 * Thrown when the transport asked for cannot be used in this JVM; the message names it,
 * why, and the transports that can.
 */
public class TransportUnavailableException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final Transport requested;

	private final List<String> available;

	TransportUnavailableException(String message, Transport requested, List<String> available) {
		super(message);
		this.requested = requested;
		this.available = List.copyOf(available);
	}

	/**
	 * The transport asked for.
	 * @return the transport
	 */
	public Transport getRequested() {
		return this.requested;
	}

	/**
	 * The names of the transports available here.
	 * @return the names, possibly empty
	 */
	public List<String> getAvailable() {
		return this.available;
	}

}
