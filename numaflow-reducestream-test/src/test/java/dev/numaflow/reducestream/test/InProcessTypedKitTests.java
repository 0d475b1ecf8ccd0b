package dev.numaflow.reducestream.test;

import dev.numaflow.reducestream.test.typedfixture.TypedKitApplication;

/**
 * The kit's typed API over grpc-java's in-process transport.
 */
@ReduceStreamTest(classes = TypedKitApplication.class,
		properties = "spring.jackson.property-naming-strategy=SNAKE_CASE")
class InProcessTypedKitTests extends TypedKitScenarios {

}
