package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.ConnectionStateRecovery;
import io.github.socketiospringboot.adapter.cluster.ClusterAdapter;
import io.github.socketiospringboot.adapter.cluster.ClusterMessage;
import io.github.socketiospringboot.adapter.cluster.ClusterObserver;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With connection state recovery on a cluster adapter whose bus keeps a log (the Redis
 * Streams adapter), a stored broadcast waits for its publication's offset before it is
 * delivered here; what follows it to the same sockets without being stored (a socket's
 * {@code emitWithAck}, a volatile broadcast) does not overtake it, as in the reference,
 * which awaits every publication.
 */
class EmitOrderWithRecoveryTests {

	private final AtomicReference<HeldBusAdapter> adapter = new AtomicReference<>();

	private SocketIOServer io;

	private ScriptedConnection connection;

	private SocketIOSocket socket;

	@BeforeEach
	void connect() {
		this.io = new SocketIOServer(
				SocketIOOptions.builder().connectionStateRecovery(ConnectionStateRecovery.ENABLED).build(),
				JsonMapper.shared(), (namespace) -> {
					HeldBusAdapter created = new HeldBusAdapter(namespace);
					if (namespace.name().equals("/")) {
						this.adapter.set(created);
					}
					return created;
				});
		this.connection = ScriptedConnection.open(this.io);
		this.connection.client().onMessage("0");
		this.socket = this.io.sockets().sockets().values().iterator().next();
	}

	@AfterEach
	void close() {
		this.io.close();
	}

	@Test
	void aSocketsEmitWithAckFollowsItsEmitWaitingForItsOffset() {
		this.socket.emit("first");
		this.socket.emitWithAck("second").subscribe();
		assertThat(events()).isEmpty();

		this.adapter.get().answer("1-0");

		assertThat(events()).containsExactly("42[\"first\",\"1-0\"]", "420[\"second\"]");
	}

	@Test
	void aVolatileBroadcastFollowsTheStoredBroadcastBeforeIt() {
		this.io.emit("first");
		this.io.asVolatile().emit("second");
		assertThat(events()).isEmpty();

		this.adapter.get().answer("1-0");

		assertThat(events()).containsExactly("42[\"first\",\"1-0\"]", "42[\"second\"]");
	}

	private List<String> events() {
		return this.connection.sent.stream().filter((text) -> text.startsWith("42")).toList();
	}

	/**
	 * A cluster adapter on a bus that keeps a log and answers each publication with an
	 * offset when the test says so, in order; the cluster is this server alone.
	 */
	static final class HeldBusAdapter extends ClusterAdapter {

		private final Queue<Sinks.One<String>> publications = new ConcurrentLinkedQueue<>();

		HeldBusAdapter(AdapterHost namespace) {
			super(namespace, Duration.ofSeconds(30), ClusterObserver.NONE);
		}

		/**
		 * Answers the oldest publication still waiting.
		 * @param offset its offset
		 */
		void answer(String offset) {
			Sinks.One<String> publication = this.publications.poll();
			assertThat(publication).isNotNull();
			publication.tryEmitValue(offset);
		}

		@Override
		public boolean restoresSessions() {
			return true;
		}

		@Override
		protected Mono<String> doPublish(ClusterMessage message) {
			if (!(message instanceof ClusterMessage.Broadcast)) {
				return Mono.empty();
			}
			Sinks.One<String> publication = Sinks.one();
			this.publications.add(publication);
			return publication.asMono();
		}

		@Override
		protected Mono<Void> doPublishResponse(@Nullable String requesterUid, ClusterMessage.Response response) {
			return Mono.empty();
		}

		@Override
		protected Mono<Integer> countServers() {
			return Mono.just(1);
		}

	}

}
