package dev.numaflow.reducestream.transport;

import java.util.function.Supplier;

import dev.numaflow.reducestream.transport.Transport.Availability;

/**
 * Finds out which transports this JVM can use. A native transport's classes are touched
 * only once their jar is known to be on the class path, so that neither the epoll nor the
 * kqueue classes are needed where they are not used.
 */
final class Probes {

	private static final String EPOLL_CLASS = "io.netty.channel.epoll.Epoll";

	private static final String KQUEUE_CLASS = "io.netty.channel.kqueue.KQueue";

	private Probes() {
	}

	static Availability epoll() {
		if (!present(EPOLL_CLASS)) {
			return new Availability(Transport.EPOLL, false, "netty-transport-classes-epoll is not on the class path");
		}
		return guarded(Transport.EPOLL, EpollTransport::availability);
	}

	static Availability kqueue() {
		if (!present(KQUEUE_CLASS)) {
			return new Availability(Transport.KQUEUE, false, "netty-transport-classes-kqueue is not on the class path");
		}
		return guarded(Transport.KQUEUE, KQueueTransport::availability);
	}

	static Availability nio() {
		return NioTransport.availability();
	}

	static UnixSocketTransport transport(Transport transport) {
		return switch (transport) {
			case EPOLL -> new EpollTransport();
			case KQUEUE -> new KQueueTransport();
			case NIO -> new NioTransport();
			case AUTO -> throw new IllegalArgumentException("AUTO is resolved to a concrete transport first");
		};
	}

	/** Explain why a native transport did not load, with what it needs. */
	static String reason(Throwable cause, String needs) {
		String message = cause.getMessage();
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String detail = (message != null) ? message : cause.getClass().getSimpleName();
		if (root != cause && root.getMessage() != null) {
			detail += ": " + root.getMessage();
		}
		return detail + " (needs " + needs + ")";
	}

	private static Availability guarded(Transport transport, Supplier<Availability> probe) {
		try {
			return probe.get();
		}
		catch (LinkageError | RuntimeException ex) {
			// A jar of the transport is missing or does not match: not usable, and no
			// reason to fail the others.
			return new Availability(transport, false, "its classes do not load: " + ex);
		}
	}

	private static boolean present(String className) {
		try {
			Class.forName(className, false, Probes.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
