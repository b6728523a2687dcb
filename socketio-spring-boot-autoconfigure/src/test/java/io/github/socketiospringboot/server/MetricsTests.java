package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.AckTimeoutException;
import io.github.socketiospringboot.metrics.SocketIOMetrics;
import io.github.socketiospringboot.observe.SocketIOObserver;
import io.github.socketiospringboot.test.TestSocketIOServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The {@code socketio.*} meters after a known sequence with official Java clients:
 * connect, emit, a direct emit, a broadcast, two collections of acknowledgements (one
 * complete, one with a silent client), an upgrade, a disconnect.
 */
class MetricsTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private TestSocketIOServer server;

	private MeterRegistry registry;

	private final List<JavaClient> clients = new ArrayList<>();

	@BeforeEach
	void start() {
		this.server = TestSocketIOServer.start();
		this.registry = new SimpleMeterRegistry();
		this.server.io().addObserver(new SocketIOMetrics(this.registry));
		this.server.io().onConnection((socket) -> {
			socket.on("hello", (event) -> event.ack("hi"));
			socket.on("join", (event) -> {
				socket.join(event.args().get(0, String.class));
				event.ack();
			});
			socket.on("direct", (event) -> {
				socket.emit("reply", "x");
				event.ack();
			});
		});
	}

	@AfterEach
	void stop() {
		this.clients.forEach(JavaClient::close);
		this.server.close();
	}

	private JavaClient connect() {
		JavaClient client = JavaClient.connect(this.server, "/");
		this.clients.add(client);
		return client;
	}

	@Test
	void metersFollowAKnownSequence() {
		JavaClient alice = connect();
		JavaClient bob = connect();
		JavaClient carol = connect();
		assertThat(gauge("socketio.connections", "transport", "websocket")).isEqualTo(3);
		assertThat(gauge("socketio.connections", "transport", "polling")).isZero();
		assertThat(gauge("socketio.sockets", "namespace", "/")).isEqualTo(3);
		assertThat(counter("socketio.connects", "recovered", "false")).isEqualTo(3);

		// an event received, with acknowledgement id 0: Engine.IO message 4, Socket.IO
		// event 2
		alice.emitWithAck("hello", "there");
		assertThat(counter("socketio.events.received", "namespace", "/")).isEqualTo(1);
		assertThat(this.registry.get("socketio.bytes.received").counter().count())
			.isEqualTo("420[\"hello\",\"there\"]".length());

		// a direct emit, sent once
		alice.emitWithAck("direct");
		assertThat(alice.next("reply")).containsExactly("x");
		double sentBefore = counter("socketio.events.sent", "namespace", "/");
		double bytesBefore = this.registry.get("socketio.bytes.sent").counter().count();
		assertThat(sentBefore).isEqualTo(1);
		assertThat(bytesBefore).isEqualTo("42[\"reply\",\"x\"]".length());

		// a broadcast to three: the same packet three times
		this.server.io().emit("news", "x");
		for (JavaClient client : List.of(alice, bob, carol)) {
			assertThat(client.next("news")).containsExactly("x");
		}
		assertThat(counter("socketio.events.sent", "namespace", "/")).isEqualTo(sentBefore + 3);
		assertThat(this.registry.get("socketio.bytes.sent").counter().count())
			.isEqualTo(bytesBefore + 3 * "42[\"news\",\"x\"]".length());
		assertThat(this.registry.get("socketio.broadcasts").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("socketio.broadcast.recipients").summary().totalAmount()).isEqualTo(3);

		// a complete collection: alice and bob answer
		alice.answer("q", (args) -> new Object[] { "a" });
		bob.answer("q", (args) -> new Object[] { "b" });
		alice.emitWithAck("join", "answering");
		bob.emitWithAck("join", "answering");
		List<Ack> acks = this.server.io().to("answering").timeout(WAIT).emitWithAck("q").block(WAIT);
		assertThat(acks).hasSize(2);
		assertThat(timerCount("complete")).isEqualTo(1);

		// a collection with carol silent
		AckTimeoutException timeout = catchThrowableOfType(AckTimeoutException.class,
				() -> this.server.io().timeout(Duration.ofMillis(300)).emitWithAck("q").block(WAIT));
		assertThat(timeout.missing()).containsExactly(carol.id());
		assertThat(timerCount("timeout")).isEqualTo(1);
		assertThat(this.registry.get("socketio.acks.missing").summary().count()).isEqualTo(2);
		assertThat(this.registry.get("socketio.acks.missing").summary().totalAmount()).isEqualTo(1);
		assertThat(this.registry.get("socketio.broadcasts").counter().count()).isEqualTo(3);

		// carol leaves
		carol.close();
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(counter("socketio.disconnects", "reason", "client namespace disconnect"))
				.isEqualTo(1));
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(gauge("socketio.connections", "transport", "websocket")).isEqualTo(2));
		assertThat(gauge("socketio.sockets", "namespace", "/")).isEqualTo(2);
	}

	@Test
	void anUpgradeMovesTheConnectionFromPollingToWebSocket() {
		JavaClient dave = JavaClient.connect(this.server, "/", JavaClient.options());
		this.clients.add(dave);
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(gauge("socketio.connections", "transport", "websocket")).isEqualTo(1);
			assertThat(gauge("socketio.connections", "transport", "polling")).isZero();
		});
		dave.close();
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(gauge("socketio.connections", "transport", "websocket")).isZero());
	}

	@Test
	void aBroadcastToManyIsObservedOnce() {
		AtomicInteger sent = new AtomicInteger();
		AtomicInteger broadcasts = new AtomicInteger();
		AtomicInteger recipients = new AtomicInteger();
		this.server.io().addObserver(new SocketIOObserver() {

			@Override
			public void onEventsSent(Namespace namespace, String event, int count, long bytes) {
				sent.incrementAndGet();
				recipients.addAndGet(count);
			}

			@Override
			public void onBroadcast(Namespace namespace, String event, int count) {
				broadcasts.incrementAndGet();
			}

		});
		int many = 25;
		for (int i = 0; i < many; i++) {
			connect();
		}
		this.server.io().emit("news", "x");
		for (JavaClient client : this.clients) {
			assertThat(client.next("news")).containsExactly("x");
		}
		assertThat(sent).hasValue(1);
		assertThat(broadcasts).hasValue(1);
		assertThat(recipients).hasValue(many);
		assertThat(counter("socketio.events.sent", "namespace", "/")).isEqualTo(many);
	}

	private double gauge(String name, String tag, String value) {
		return this.registry.get(name).tag(tag, value).gauge().value();
	}

	private double counter(String name, String tag, String value) {
		return this.registry.get(name).tag(tag, value).counter().count();
	}

	private long timerCount(String outcome) {
		return this.registry.get("socketio.acks.collections").tag("outcome", outcome).timer().count();
	}

}
