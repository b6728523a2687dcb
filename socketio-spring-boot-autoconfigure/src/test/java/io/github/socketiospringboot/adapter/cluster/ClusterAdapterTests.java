package io.github.socketiospringboot.adapter.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketiospringboot.adapter.AckCollector;
import io.github.socketiospringboot.adapter.BroadcastMessage;
import io.github.socketiospringboot.adapter.BroadcastOptions;
import io.github.socketiospringboot.adapter.cluster.StubNamespace.StubSocket;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedAdapterFactory;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions.SubscriptionMode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@link ClusterAdapter} times and forgets, whatever the protocol (run here on the
 * sharded one over an in-memory bus): a broadcast with acknowledgements is forgotten when
 * its collection ends, and everything else is timed by the namespace's timer.
 */
class ClusterAdapterTests {

	private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(300);

	private final InMemoryBus bus = new InMemoryBus();

	private StubNamespace namespace() {
		return new StubNamespace("/", new ShardedAdapterFactory(this.bus.connect(),
				new ShardedOptions("socket.io", REQUEST_TIMEOUT, SubscriptionMode.DYNAMIC)));
	}

	private static void broadcastWithAck(StubNamespace namespace, AckCollector collector) {
		BroadcastMessage message = namespace.newMessage("ask", new Object[0]);
		message.ackId(namespace.nextAckId());
		namespace.<ClusterAdapter>adapter().broadcastWithAck(message, BroadcastOptions.ALL, collector);
		message.release();
	}

	@Test
	void aBroadcastWithAcknowledgementsIsForgottenWhenItsCollectionEndsNotByATimer() {
		StubNamespace a = namespace();
		StubNamespace b = namespace();
		StubSocket early = b.connect("early");
		StubSocket late = b.connect("late");
		Collector collector = new Collector(true);
		broadcastWithAck(a, collector);
		assertThat(collector.counts).containsExactlyInAnyOrder(0, 2);
		early.answer("in time");
		assertThat(collector.acks).containsExactly("early=[\"in time\"]");
		collector.done.run();
		late.answer("too late");
		assertThat(collector.acks).containsExactly("early=[\"in time\"]");
		assertThat(a.scheduled()).isEmpty();
	}

	@Test
	void aCollectorThatDoesNotTellWhenItIsDoneIsForgottenAfterItsTimeout() {
		StubNamespace a = namespace();
		namespace();
		broadcastWithAck(a, new Collector(false));
		assertThat(a.scheduled()).containsExactly(Duration.ofMillis(150));
	}

	@Test
	void requestsAndTheAnswersAwaitedForOtherServersAreTimedByTheNamespace() {
		StubNamespace a = namespace();
		StubNamespace b = namespace();
		StubSocket socket = b.connect("s1");
		broadcastWithAck(a, new Collector(true));
		assertThat(b.scheduled()).containsExactly(Duration.ofMillis(150));
		assertThat(socket.awaitedAcks()).hasSize(1);
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> socket.awaitedAcks().isEmpty());
		this.bus.connect().subscribe("socket.io#/#", (channel, payload) -> {
		}).block();
		assertThatExceptionOfType(RequestTimeoutException.class)
			.isThrownBy(() -> a.<ClusterAdapter>adapter()
				.serverSideEmitWithAck("e", new Object[0], 200)
				.block(Duration.ofSeconds(5)))
			.withMessage("timeout reached: only 1 responses received out of 2");
		assertThat(a.scheduled()).containsExactly(Duration.ofMillis(200));
	}

	/**
	 * Records the counts and answers; tells when it is done if asked to.
	 */
	static final class Collector implements AckCollector {

		final List<Integer> counts = new CopyOnWriteArrayList<>();

		final List<String> acks = new CopyOnWriteArrayList<>();

		private final boolean tellsWhenDone;

		volatile Runnable done = () -> {
		};

		Collector(boolean tellsWhenDone) {
			this.tellsWhenDone = tellsWhenDone;
		}

		@Override
		public @Nullable Duration timeout() {
			return Duration.ofMillis(150);
		}

		@Override
		public boolean whenDone(Runnable action) {
			this.done = action;
			return this.tellsWhenDone;
		}

		@Override
		public void onClientCount(int count) {
			this.counts.add(count);
		}

		@Override
		public void onAck(String socketId, JsonNode args) {
			this.acks.add(socketId + "=" + args);
		}

	}

}
