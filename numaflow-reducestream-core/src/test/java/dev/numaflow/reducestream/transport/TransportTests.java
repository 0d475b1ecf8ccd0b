package dev.numaflow.reducestream.transport;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.numaflow.reducestream.transport.Transport.Availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which transports a JVM can use and what each resolves to. The build runs on Linux with
 * the epoll native library on the test class path and without kqueue's.
 */
class TransportTests {

	@ParameterizedTest
	@CsvSource({ "auto, AUTO", "EPOLL, EPOLL", " KQueue , KQUEUE", "nio, NIO" })
	void namesAreParsedIgnoringCaseAndSpaces(String value, Transport expected) {
		assertThat(Transport.parse(value)).isEqualTo(expected);
	}

	@Test
	void anUnknownNameIsRefusedListingTheValidOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> Transport.parse("io_uring"))
			.withMessage("transport 'io_uring' is none of auto, epoll, kqueue, nio");
	}

	@Test
	void nioIsAvailableOnEveryJdkThisRunsOn() {
		Availability nio = Transport.NIO.availability();
		assertThat(nio.available()).isTrue();
		assertThat(Transport.NIO.resolve().address(Path.of("/tmp/a.sock")))
			.isEqualTo(UnixDomainSocketAddress.of("/tmp/a.sock"));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void onLinuxEpollIsAvailableAndAutoPicksIt() {
		assertThat(Transport.EPOLL.availability().available()).isTrue();
		assertThat(Transport.AUTO.availability().reason()).isEqualTo("picks epoll");
		UnixSocketTransport auto = Transport.AUTO.resolve();
		assertThat(auto.transport()).isEqualTo(Transport.EPOLL);
		assertThat(auto.address(Path.of("/tmp/a.sock"))).isEqualTo(new DomainSocketAddress("/tmp/a.sock"));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void onLinuxKqueueIsUnavailableWithAReasonAndAskingForItNamesWhatIsAvailable() {
		Availability kqueue = Transport.KQUEUE.availability();
		assertThat(kqueue.available()).isFalse();
		assertThat(kqueue.reason()).contains("netty-transport-native-kqueue");
		assertThatExceptionOfType(TransportUnavailableException.class).isThrownBy(Transport.KQUEUE::resolve)
			.withMessageStartingWith("The Unix domain socket transport 'kqueue' is not available here: kqueue (")
			.withMessageEndingWith(". Available: epoll, nio")
			.satisfies((ex) -> {
				assertThat(ex.getRequested()).isEqualTo(Transport.KQUEUE);
				assertThat(ex.getAvailable()).containsExactly("epoll", "nio");
			});
	}

	@Test
	void availabilitiesListTheConcreteTransportsInTheOrderAutoTriesThem() {
		assertThat(Transport.availabilities()).extracting(Availability::transport)
			.containsExactly(Transport.EPOLL, Transport.KQUEUE, Transport.NIO);
	}

	@ParameterizedTest
	@CsvSource({ "EPOLL", "NIO" })
	@EnabledOnOs(OS.LINUX)
	void eachTransportsChannelsAndEventLoopsBelongTogether(Transport transport) {
		UnixSocketTransport resolved = transport.resolve();
		assertThat(resolved.transport()).isEqualTo(transport);
		assertThat(resolved.serverChannelType().getName()).containsIgnoringCase(transport.id());
		assertThat(resolved.channelType().getName()).containsIgnoringCase(transport.id());
		var group = resolved.eventLoopGroup(1, Thread::new);
		try {
			assertThat(group.next().isShutdown()).isFalse();
		}
		finally {
			group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly(5_000);
		}
	}

}
