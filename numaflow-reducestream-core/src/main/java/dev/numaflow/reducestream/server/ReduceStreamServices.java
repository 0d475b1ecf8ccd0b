package dev.numaflow.reducestream.server;

import java.util.concurrent.Executor;

import io.grpc.BindableService;

import dev.numaflow.reducestream.ReduceStreamerFactory;
import dev.numaflow.reducestream.codec.PayloadCodec;
import dev.numaflow.reducestream.codec.PayloadCodecs;

/**
 * The {@code reduce.v1.Reduce} service on its own, without a socket, for tools that bind
 * it to another transport: the test kit serves it over grpc-java's in-process transport,
 * so that tests run the same stream, key-set and flow-control code as the real server.
 * Without the server's own event loops there is no transport thread to run streamers on:
 * the streamers run on the given handlers whatever
 * {@link ReduceStreamServerSettings#streamerThreads()} says.
 */
public final class ReduceStreamServices {

	private ReduceStreamServices() {
	}

	/**
	 * A new service instance. User-code failures are not fatal: the failing stream ends
	 * with {@code UDF_EXECUTION_ERROR} and the others go on.
	 * @param settings the limits and the container type (the socket paths are not used)
	 * @param factory creates a streamer per (window, key set)
	 * @param listener told about streams, key sets, datums and results
	 * @param handlers runs the streamers' code; owned by the caller
	 * @return the service, to add to a gRPC server
	 */
	public static BindableService create(ReduceStreamServerSettings settings, ReduceStreamerFactory factory,
			ReduceStreamListener listener, Executor handlers) {
		return create(settings, factory, PayloadCodecs.defaultCodec(), listener, handlers);
	}

	/**
	 * A new service instance with a payload codec for the typed API. User-code failures
	 * are not fatal: the failing stream ends with {@code UDF_EXECUTION_ERROR} and the
	 * others go on.
	 * @param settings the limits and the container type (the socket paths are not used)
	 * @param factory creates a streamer per (window, key set)
	 * @param codec decodes datums and encodes results for {@code Datum.value(Class)} and
	 * {@code Output.sendValue(...)}
	 * @param listener told about streams, key sets, datums and results
	 * @param handlers runs the streamers' code; owned by the caller
	 * @return the service, to add to a gRPC server
	 */
	public static BindableService create(ReduceStreamServerSettings settings, ReduceStreamerFactory factory,
			PayloadCodec codec, ReduceStreamListener listener, Executor handlers) {
		return new ReduceStreamService(
				new StreamContext(handlers, null, factory, codec, settings, listener, (cause) -> {
				}));
	}

	/**
	 * A new service instance whose key-set timers run on the given clock.
	 * @param settings the limits and the container type (the socket paths are not used)
	 * @param factory creates a streamer per (window, key set)
	 * @param listener told about streams, key sets, datums and results
	 * @param handlers runs the streamers' code; owned by the caller
	 * @param timerClock the clock of the streamers' timers, such as a
	 * {@link ManualTimerClock}; owned by the caller
	 * @return the service, to add to a gRPC server
	 */
	public static BindableService create(ReduceStreamServerSettings settings, ReduceStreamerFactory factory,
			ReduceStreamListener listener, Executor handlers, TimerClock timerClock) {
		return create(settings, factory, PayloadCodecs.defaultCodec(), listener, handlers, timerClock);
	}

	/**
	 * A new service instance with a payload codec and a clock for the key-set timers.
	 * @param settings the limits and the container type (the socket paths are not used)
	 * @param factory creates a streamer per (window, key set)
	 * @param codec decodes datums and encodes results for {@code Datum.value(Class)} and
	 * {@code Output.sendValue(...)}
	 * @param listener told about streams, key sets, datums and results
	 * @param handlers runs the streamers' code; owned by the caller
	 * @param timerClock the clock of the streamers' timers, such as a
	 * {@link ManualTimerClock}; owned by the caller
	 * @return the service, to add to a gRPC server
	 */
	public static BindableService create(ReduceStreamServerSettings settings, ReduceStreamerFactory factory,
			PayloadCodec codec, ReduceStreamListener listener, Executor handlers, TimerClock timerClock) {
		return new ReduceStreamService(
				new StreamContext(handlers, null, factory, codec, settings, listener, (cause) -> {
				}, timerClock));
	}

}
