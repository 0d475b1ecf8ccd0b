package dev.numaflow.reducestream.test;

import dev.numaflow.reducestream.test.typedfixture.TypedKitApplication;

/**
 * The kit's typed API over the server's real Unix socket.
 */
@ReduceStreamTest(classes = TypedKitApplication.class, transport = Transport.UNIX_SOCKET,
		properties = "spring.jackson.property-naming-strategy=SNAKE_CASE")
class UnixSocketTypedKitTests extends TypedKitScenarios {

}
