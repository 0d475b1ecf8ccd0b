package dev.numaflow.reducestream.test;

/**
 * How a {@link ReduceStreamTester} reaches the server under test.
 */
public enum Transport {

	/**
	 * grpc-java's in-process transport to the same service code the socket server runs:
	 * fast, no socket.
	 */
	IN_PROCESS,

	/**
	 * A real gRPC client over the server's real Unix domain socket, with the platform's
	 * request shape: proves wire compatibility.
	 */
	UNIX_SOCKET

}
