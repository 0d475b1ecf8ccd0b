package dev.numaflow.reducestream.test.emulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.numaflow.reducestream.transport.Transport;

/**
 * The emulator's command line.
 *
 * @param socket the server's Unix domain socket
 * @param serverInfo the server-info file to wait for before connecting
 * @param windows how events are assigned to windows
 * @param allowedLateness how far behind the watermark a window still accepts events
 * @param input the JSON-lines file, or {@code null} for standard input
 * @param pace how long to pause between events, so a human can watch results stream
 * @param waitTimeout how long to wait for the server-info file and for each window's end
 * @param serverCommand a server to start first and stop with SIGTERM at the end, or empty
 * @param serverLog where the started server's output goes
 * @param applicationErrors the directory of critical errors the emulator, playing the
 * platform, gives a started server and prints the new entries of when the server has
 * exited; {@code null} for none
 * @param transport how the emulator connects to the socket
 */
public record EmulatorOptions(Path socket, Path serverInfo, WindowAssigner windows, Duration allowedLateness,
		@Nullable Path input, Duration pace, Duration waitTimeout, List<String> serverCommand, Path serverLog,
		@Nullable Path applicationErrors, Transport transport) {

	/**
	 * Where a started server's critical errors go unless {@code --application-errors}
	 * says.
	 */
	static final Path DEFAULT_APPLICATION_ERRORS = Path.of("emulator-application-errors");

	/** The socket the counter sample's {@code local} profile listens on. */
	static final Path LOCAL_SOCKET = Path.of(System.getProperty("java.io.tmpdir"), "numaflow-reducestream.sock");

	/** The server-info file the samples' {@code local} profile writes. */
	static final Path LOCAL_SERVER_INFO = Path.of(System.getProperty("java.io.tmpdir"),
			"numaflow-reducestreamer-server-info");

	/** How to use the emulator. */
	public static final String USAGE = """
			Usage: Emulator [options] [-- server command...]
			Streams JSON-lines events to a reduce stream server the way the Numaflow platform does.
			  --socket=PATH            the server's Unix socket (default %s)
			  --server-info=PATH       the server-info file to wait for (default %s with the
			                           default socket, else reducestreamer-server-info beside the socket)
			  --window=SPEC            fixed:60s or sliding:60s/10s (default fixed:60s)
			  --allowed-lateness=D     how far the watermark trails the newest event time (default 0s)
			  --input=FILE|-           events, one JSON object a line (default -, standard input):
			                           {"eventTime":"2024-01-01T00:00:05Z","keys":["a"],"value":"1","headers":{"h":"v"}}
			                           eventTime may also be epoch milliseconds
			                           optional "traceparent" and "tracestate": W3C trace context sent
			                           in the datum's system metadata group tracing
			  --pace=D                 pause between events, e.g. 50ms (default 0: as fast as the server
			                           takes them, so results often arrive after their window closed)
			  --wait-timeout=D         wait for the server-info file and each window's end (default 60s)
			  --server-log=FILE        where a started server's output goes (default emulator-server.log)
			  --application-errors=DIR the critical errors directory (the platform's Errors tab): given to a
			                           started server, whose new entries are printed once it has exited
			                           (default emulator-application-errors with a started server)
			  --transport=T            how to connect: auto (epoll, else kqueue, else nio), epoll, kqueue
			                           or nio (default auto)
			  -- COMMAND...            start this server first (deleting a stale server-info file), stop
			                           it with SIGTERM at the end
			A duration D takes a unit: 500ms, 10s, 5m, 1h.
			""".formatted(LOCAL_SOCKET, LOCAL_SERVER_INFO);

	/**
	 * Parse the command line.
	 * @param args the arguments
	 * @return the options
	 * @throws IllegalArgumentException on an unknown option or a bad value, with a
	 * message that says which
	 */
	public static EmulatorOptions parse(String... args) {
		Path socket = LOCAL_SOCKET;
		Path serverInfo = null;
		WindowAssigner windows = WindowAssigner.fixed(Duration.ofSeconds(60));
		Duration lateness = Duration.ZERO;
		Path input = null;
		Duration pace = Duration.ZERO;
		Duration waitTimeout = Duration.ofSeconds(60);
		Path serverLog = Path.of("emulator-server.log");
		Path applicationErrors = null;
		Transport transport = Transport.AUTO;
		List<String> command = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--")) {
				command.addAll(List.of(args).subList(i + 1, args.length));
				break;
			}
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("Unknown argument '" + arg + "': options look like --name=value");
			}
			String name = arg.substring(2, equals);
			String value = arg.substring(equals + 1);
			switch (name) {
				case "socket" -> socket = Path.of(value);
				case "server-info" -> serverInfo = Path.of(value);
				case "window" -> windows = WindowAssigner.parse(value);
				case "allowed-lateness" -> lateness = nonNegative(name, WindowAssigner.duration(value, arg));
				case "input" -> input = value.equals("-") ? null : Path.of(value);
				case "pace" -> pace = nonNegative(name, WindowAssigner.duration(value, arg));
				case "wait-timeout" -> waitTimeout = nonNegative(name, WindowAssigner.duration(value, arg));
				case "server-log" -> serverLog = Path.of(value);
				case "application-errors" -> applicationErrors = Path.of(value);
				case "transport" -> transport = transport(value);
				default -> throw new IllegalArgumentException("Unknown option --" + name);
			}
		}
		Path parent = socket.toAbsolutePath().getParent();
		Path info;
		if (serverInfo != null) {
			info = serverInfo;
		}
		else if (socket.equals(LOCAL_SOCKET)) {
			info = LOCAL_SERVER_INFO;
		}
		else {
			info = (parent != null) ? parent.resolve("reducestreamer-server-info")
					: Path.of("reducestreamer-server-info");
		}
		if (applicationErrors == null && !command.isEmpty()) {
			applicationErrors = DEFAULT_APPLICATION_ERRORS;
		}
		return new EmulatorOptions(socket, info, windows, lateness, input, pace, waitTimeout, command, serverLog,
				applicationErrors, transport);
	}

	private static Transport transport(String value) {
		try {
			return Transport.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("--" + ex.getMessage(), ex);
		}
	}

	private static Duration nonNegative(String name, Duration value) {
		if (value.isNegative()) {
			throw new IllegalArgumentException("--" + name + " must not be negative, but is " + value);
		}
		return value;
	}

}
