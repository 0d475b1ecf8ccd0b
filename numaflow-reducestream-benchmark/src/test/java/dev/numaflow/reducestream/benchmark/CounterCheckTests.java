package dev.numaflow.reducestream.benchmark;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;

import dev.numaflow.reducestream.proto.reduce.v1.ReduceResponse;
import dev.numaflow.reducestream.proto.reduce.v1.Window;

import static org.assertj.core.api.Assertions.assertThat;

class CounterCheckTests {

	private static final Window WINDOW = Window.newBuilder()
		.setStart(Timestamp.newBuilder().setSeconds(60))
		.setEnd(Timestamp.newBuilder().setSeconds(120))
		.setSlot("0")
		.build();

	@Test
	void expectedResultsAreWhatTheCounterSends() {
		for (int datums = 0; datums <= 200; datums++) {
			assertThat(CounterCheck.expected(datums)).as("%d datums", datums).isEqualTo(simulateCounter(datums));
		}
	}

	@Test
	void expectedResultsOfTwentyOneDatumsAreOneFullCountThenZero() {
		assertThat(CounterCheck.expected(21)).containsExactly("counter:21", "counter:0");
		assertThat(CounterCheck.expected(2)).containsExactly("counter:2");
		assertThat(CounterCheck.expected(43)).containsExactly("counter:21", "counter:21", "counter:1");
	}

	@Test
	void datumsAreSpreadRoundRobinOverKeySets() {
		assertThat(CounterCheck.datumsOf(0, 3, 10)).isEqualTo(4);
		assertThat(CounterCheck.datumsOf(1, 3, 10)).isEqualTo(3);
		assertThat(CounterCheck.datumsOf(2, 3, 10)).isEqualTo(3);
	}

	@Test
	void theCounterSResponsesInAnyInterleavingOfKeySetsPass() {
		CounterCheck check = new CounterCheck(WINDOW, 2, 44);
		// key 0 gets 22 datums, key 1 gets 22: each "counter:21" then "counter:1".
		assertThat(check.onResponse(result("k1", "counter:21"))).isEqualTo(1);
		assertThat(check.onResponse(result("k0", "counter:21"))).isEqualTo(0);
		assertThat(check.onResponse(result("k0", "counter:1"))).isEqualTo(-1);
		check.onResponse(result("k1", "counter:1"));
		check.onResponse(eof());
		check.onCompleted();
		assertThat(check.problem()).isNull();
		assertThat(check.results()).isEqualTo(4);
	}

	@Test
	void theTypedCounterSJsonCountsPass() {
		CounterCheck check = new CounterCheck(WINDOW, 1, 22);
		assertThat(check.onResponse(result("k0", "{\"count\":21}"))).isEqualTo(0);
		assertThat(check.onResponse(result("k0", "{\"count\":1}"))).isEqualTo(-1);
		check.onResponse(eof());
		check.onCompleted();
		assertThat(check.problem()).isNull();
		assertThat(check.results()).isEqualTo(2);
	}

	@Test
	void aWrongJsonCountFails() {
		CounterCheck check = new CounterCheck(WINDOW, 1, 5);
		check.onResponse(result("k0", "{\"count\":4}"));
		assertThat(check.problem()).contains("is 'counter:4', expected 'counter:5'");
	}

	@Test
	void aWrongCountFails() {
		CounterCheck check = new CounterCheck(WINDOW, 1, 5);
		check.onResponse(result("k0", "counter:4"));
		assertThat(check.problem()).contains("is 'counter:4', expected 'counter:5'");
	}

	@Test
	void anEofBeforeTheLastResultFails() {
		CounterCheck check = new CounterCheck(WINDOW, 2, 4);
		check.onResponse(result("k0", "counter:2"));
		check.onResponse(eof());
		assertThat(check.problem()).contains("the EOF came before the results of key set [k1]");
	}

	@Test
	void aResponseAfterTheEofFails() {
		CounterCheck check = new CounterCheck(WINDOW, 1, 1);
		check.onResponse(result("k0", "counter:1"));
		check.onResponse(eof());
		check.onResponse(eof());
		assertThat(check.problem()).startsWith("a response after the EOF");
	}

	@Test
	void aStreamWithoutEofFails() {
		CounterCheck check = new CounterCheck(WINDOW, 1, 1);
		check.onResponse(result("k0", "counter:1"));
		check.onCompleted();
		assertThat(check.problem()).contains("0 EOF responses");
	}

	@Test
	void aResultWithoutTheWindowFails() {
		CounterCheck check = new CounterCheck(WINDOW, 1, 1);
		check.onResponse(result("k0", "counter:1").toBuilder().clearWindow().build());
		assertThat(check.problem()).startsWith("a response without the stream's window");
	}

	@Test
	void aResultOfAnUnknownKeySetFails() {
		CounterCheck check = new CounterCheck(WINDOW, 2, 2);
		check.onResponse(result("k2", "counter:1"));
		assertThat(check.problem()).contains("unexpected keys [k2]");
	}

	@Test
	void oneResultTooManyFails() {
		CounterCheck check = new CounterCheck(WINDOW, 1, 1);
		check.onResponse(result("k0", "counter:1"));
		check.onResponse(result("k0", "counter:1"));
		assertThat(check.problem()).startsWith("more results than [counter:1]");
	}

	/** The counter sample's logic, datum by datum. */
	private static List<String> simulateCounter(int datums) {
		List<String> results = new ArrayList<>();
		int count = 0;
		for (int datum = 0; datum < datums; datum++) {
			count++;
			if (count > 20) {
				results.add("counter:" + count);
				count = 0;
			}
		}
		results.add("counter:" + count);
		return results;
	}

	private static ReduceResponse result(String key, String value) {
		return ReduceResponse.newBuilder()
			.setResult(ReduceResponse.Result.newBuilder().addKeys(key).setValue(ByteString.copyFromUtf8(value)))
			.setWindow(WINDOW)
			.build();
	}

	private static ReduceResponse eof() {
		return ReduceResponse.newBuilder().setWindow(WINDOW).setEOF(true).build();
	}

}
