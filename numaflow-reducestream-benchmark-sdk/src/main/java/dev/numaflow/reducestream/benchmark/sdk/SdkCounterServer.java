package dev.numaflow.reducestream.benchmark.sdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.numaproj.numaflow.reducestreamer.GRPCConfig;
import io.numaproj.numaflow.reducestreamer.Server;

/**
 * Serves {@link SdkCounter} with the SDK's own {@link Server} on a Unix domain socket,
 * with the SDK's defaults otherwise (its 64 MiB message limit, its event loops, its actor
 * system).
 * <p>
 * {@code java -jar numaflow-reducestream-benchmark-sdk.jar --socket-path=PATH --server-info-path=PATH}
 * <p>
 * The SDK writes its server-info file before it binds the socket. The runner takes the
 * file as "listening", as it does for the other two servers, which write it after
 * binding; so the SDK writes to a staging name beside it, and the file is moved into
 * place once {@link Server#start()} has returned with the socket bound. Its content is
 * the SDK's own.
 */
public final class SdkCounterServer {

	private SdkCounterServer() {
	}

	public static void main(String[] args) throws Exception {
		Path socket = Path.of(option(args, "socket-path"));
		Path serverInfo = Path.of(option(args, "server-info-path"));
		Path staging = serverInfo.resolveSibling(serverInfo.getFileName() + ".sdk-staging");
		Files.deleteIfExists(serverInfo);
		GRPCConfig config = GRPCConfig.newBuilder()
			.socketPath(socket.toString())
			.infoFilePath(staging.toString())
			.isLocal(false)
			.build();
		Server server = new Server(new SdkCounterFactory(), config);
		server.start();
		Files.move(staging, serverInfo, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		server.awaitTermination();
	}

	/** The value of {@code --name=value}; a missing option is an error naming it. */
	static String option(String[] args, String name) {
		String prefix = "--" + name + "=";
		for (String arg : args) {
			if (arg.startsWith(prefix) && arg.length() > prefix.length()) {
				return arg.substring(prefix.length());
			}
		}
		throw new IllegalArgumentException(
				"Missing " + prefix + "PATH; usage: --socket-path=PATH --server-info-path=PATH");
	}

}
