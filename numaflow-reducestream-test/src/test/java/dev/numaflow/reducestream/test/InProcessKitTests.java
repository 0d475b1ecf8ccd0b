package dev.numaflow.reducestream.test;

import dev.numaflow.reducestream.test.fixture.KitTestApplication;

/**
 * The kit over grpc-java's in-process transport.
 */
@ReduceStreamTest(classes = KitTestApplication.class)
class InProcessKitTests extends KitScenarios {

	@Override
	Transport expectedTransport() {
		return Transport.IN_PROCESS;
	}

}
