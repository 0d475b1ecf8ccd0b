package dev.numaflow.reducestream.autoconfigure;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

import dev.numaflow.reducestream.Datum;
import dev.numaflow.reducestream.Message;
import dev.numaflow.reducestream.Metadata;
import dev.numaflow.reducestream.Output;
import dev.numaflow.reducestream.ReduceStreamer;
import dev.numaflow.reducestream.ReduceStreamerBean;

/**
 * An application whose streamer throws on the datum {@code boom}, run as a process of its
 * own by {@link FailFastProcessTests}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(FailingStreamerApplication.FailingStreamer.class)
public class FailingStreamerApplication {

	public static void main(String[] args) {
		SpringApplication.run(FailingStreamerApplication.class, args);
	}

	@ReduceStreamerBean
	static class FailingStreamer implements ReduceStreamer {

		@Override
		public void onDatum(Datum datum, Output output, Metadata metadata) {
			if (datum.valueAsString().equals("boom")) {
				throw new IllegalStateException("boom");
			}
			output.send(Message.of("seen:" + datum.valueAsString(), metadata.keys()));
		}

	}

}
