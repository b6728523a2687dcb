package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketiospringboot.broadcast.Ack;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a broadcast's collection of acknowledgements tells the adapter it has ended.
 */
class AckAggregatorTests {

	private static final JsonMapper mapper = JsonMapper.shared();

	private final AtomicReference<AckAggregator> aggregator = new AtomicReference<>();

	private final AtomicInteger ended = new AtomicInteger();

	private Disposable collect() {
		Disposable subscription = Mono.<List<Ack>>create((sink) -> {
			AckAggregator acks = new AckAggregator(sink, mapper, 7, Duration.ofSeconds(1));
			// as the namespace does
			sink.onCancel(acks::onCancel);
			this.aggregator.set(acks);
		}).subscribe(null, (error) -> {
		});
		assertThat(this.aggregator.get().whenDone(this.ended::incrementAndGet)).isTrue();
		return subscription;
	}

	@Test
	void theAdapterIsToldOnceWhenEveryAnswerCame() {
		collect();
		AckAggregator acks = this.aggregator.get();
		acks.onClientCount(1);
		acks.onServerCount(1);
		assertThat(this.ended).hasValue(0);
		acks.onAck("s1", mapper.createArrayNode().add(1));
		acks.onTimeout();
		assertThat(this.ended).hasValue(1);
	}

	@Test
	void theAdapterIsToldWhenTheTimeoutPassedOrNobodyWaits() {
		collect();
		this.aggregator.get().onTimeout();
		assertThat(this.ended).hasValue(1);
		collect().dispose();
		assertThat(this.ended).hasValue(2);
	}

	@Test
	void anAdapterThatAsksAfterTheEndIsToldAtOnce() {
		collect();
		this.aggregator.get().onTimeout();
		AtomicInteger late = new AtomicInteger();
		assertThat(this.aggregator.get().whenDone(late::incrementAndGet)).isTrue();
		assertThat(late).hasValue(1);
	}

}
