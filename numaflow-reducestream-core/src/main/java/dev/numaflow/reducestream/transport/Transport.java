package dev.numaflow.reducestream.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which Netty transport serves or reaches a Unix domain socket. {@link #AUTO} takes the
 * first available of epoll, kqueue and NIO.
 */
public enum Transport {

	/** Epoll where available, else kqueue, else NIO. */
	AUTO,

	/** Netty's native epoll transport: Linux, with the native library for the CPU. */
	EPOLL,

	/** Netty's native kqueue transport: macOS (and BSD), with the native library. */
	KQUEUE,

	/**
	 * The JDK's own NIO channels for Unix domain sockets (JDK 16+): Linux, macOS and
	 * Windows 10+, no native library.
	 */
	NIO;

	private static final List<Transport> CONCRETE = List.of(EPOLL, KQUEUE, NIO);

	/**
	 * The transport's name in properties and options: {@code auto}, {@code epoll},
	 * {@code kqueue} or {@code nio}.
	 * @return the name
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parse a transport name, ignoring case.
	 * @param value for instance {@code nio}
	 * @return the transport
	 * @throws IllegalArgumentException if it names none, with the names that are valid
	 */
	public static Transport parse(String value) {
		for (Transport transport : values()) {
			if (transport.id().equals(value.strip().toLowerCase(Locale.ROOT))) {
				return transport;
			}
		}
		throw new IllegalArgumentException("transport '" + value + "' is none of "
				+ List.of(values()).stream().map(Transport::id).collect(Collectors.joining(", ")));
	}

	/**
	 * Whether this transport can be used in this JVM, and why not; for {@link #AUTO},
	 * whether any can.
	 * @return the availability
	 */
	public Availability availability() {
		return switch (this) {
			case AUTO -> {
				List<Availability> all = CONCRETE.stream().map(Transport::availability).toList();
				yield all.stream()
					.filter(Availability::available)
					.findFirst()
					.map((first) -> new Availability(AUTO, true, "picks " + first.transport().id()))
					.orElseGet(() -> new Availability(AUTO, false, describe(all)));
			}
			case EPOLL -> Probes.epoll();
			case KQUEUE -> Probes.kqueue();
			case NIO -> Probes.nio();
		};
	}

	/**
	 * The concrete transports and whether each is available here.
	 * @return epoll, kqueue and NIO, in the order {@link #AUTO} tries them
	 */
	public static List<Availability> availabilities() {
		return CONCRETE.stream().map(Transport::availability).toList();
	}

	/**
	 * The transport to use: this one, or for {@link #AUTO} the first available.
	 * @return the transport's channels, event loops and addresses
	 * @throws TransportUnavailableException if it is not available here, naming why and
	 * which are
	 */
	public UnixSocketTransport resolve() {
		List<Transport> candidates = (this == AUTO) ? CONCRETE : List.of(this);
		List<Availability> unavailable = new ArrayList<>();
		for (Transport candidate : candidates) {
			Availability availability = candidate.availability();
			if (availability.available()) {
				return Probes.transport(candidate);
			}
			unavailable.add(availability);
		}
		List<String> available = availabilities().stream()
			.filter(Availability::available)
			.map((availability) -> availability.transport().id())
			.toList();
		throw new TransportUnavailableException(
				"The Unix domain socket transport '" + id() + "' is not available here: " + describe(unavailable)
						+ ". Available: " + (available.isEmpty() ? "none" : String.join(", ", available)),
				this, available);
	}

	private static String describe(List<Availability> availabilities) {
		return availabilities.stream()
			.map((availability) -> availability.transport().id() + " (" + availability.reason() + ")")
			.collect(Collectors.joining("; "));
	}

	/**
	 * Whether a transport can be used here.
	 *
	 * @param transport the transport
	 * @param available whether it can
	 * @param reason why not, or what it uses
	 */
	public record Availability(Transport transport, boolean available, String reason) {

	}

}
