package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketiospringboot.adapter.ConnectionStateRecovery;
import io.github.socketiospringboot.adapter.InMemoryAdapter;
import io.github.socketiospringboot.internal.engine.EngineSocket;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.SioClient;
import io.github.socketiospringboot.test.SioClient.Transport;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection state recovery with the official {@code socket.io-client}: a client whose
 * connection is lost (closed by the server, or its WebSocket terminated) comes back with
 * the same socket id, rooms and data, {@code recovered} on both sides, and every stored
 * packet it missed once and in order; an expired session, a dropped offset or a
 * deliberate disconnection give a fresh session.
 *
 * <p>
 * The clients reconnect explicitly ({@code socket.connect()}, reconnection off), once the
 * server has seen the connection end: the gap is then certain.
 */
class RecoveryInteropTests {

	private static final Duration TIMEOUT = Peer.TIMEOUT;

	private static final SocketIOOptions OPTIONS = SocketIOOptions.builder()
		.pingInterval(Duration.ofMillis(1000))
		.pingTimeout(Duration.ofMillis(2000))
		.build();

	/** Recovery with a long window: what the client missed comes back. */
	private static TestSocketIOServer shared;

	/** Recovery with a 1 s window and 5 stored packets: sessions and offsets drop. */
	private static TestSocketIOServer small;

	/** The sockets by id, the last one to connect under each id. */
	private static final Map<String, SocketIOSocket> sockets = new ConcurrentHashMap<>();

	private static final Map<String, DisconnectReason> reasons = new ConcurrentHashMap<>();

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	@BeforeAll
	static void start() {
		shared = start(ConnectionStateRecovery.ENABLED.withMaxDisconnectionDuration(Duration.ofSeconds(30)));
		small = start(ConnectionStateRecovery.ENABLED.withMaxDisconnectionDuration(Duration.ofSeconds(1))
			.withMaxStoredPackets(5));
	}

	@AfterAll
	static void stop() {
		shared.close();
		small.close();
	}

	private static TestSocketIOServer start(ConnectionStateRecovery recovery) {
		TestSocketIOServer server = TestSocketIOServer.start(OPTIONS.withConnectionStateRecovery(recovery));
		server.io().sockets().onConnection((socket) -> {
			if (!socket.recovered()) {
				socket.join("members");
				socket.data().put("name", "first of " + socket.id());
			}
			socket.onDisconnect((left, reason) -> reasons.put(left.id(), reason));
			sockets.put(socket.id(), socket);
		});
		return server;
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aClientWhoseConnectionIsLostGetsItsSocketAndWhatItMissedBack(Transport transport) {
		SioClient client = SioClient.start(this.node, shared.url()).connect("/", transport);
		String id = client.awaitConnect("/", TIMEOUT);
		if (transport == Transport.UPGRADED) {
			client.awaitReport("upgrade", "/", TIMEOUT);
		}
		SocketIOSocket first = sockets.get(id);
		first.join("private");
		shared.io().emit("stored", "before");
		assertThat(args(client.awaitEvent("/", "stored", TIMEOUT))).hasSize(2);

		cutFromTheServer(first);
		client.awaitReport("disconnect", "/", TIMEOUT);
		assertThat(reasons.get(id)).isEqualTo(DisconnectReason.FORCED_CLOSE);
		// during the gap: to everyone, to a room it was in, to a room it was not in, to
		// itself, and a volatile one, which is not stored
		shared.io().emit("all", 1);
		shared.io().to("members").emit("members", 2);
		shared.io().to("strangers").emit("strangers", 3);
		first.emit("direct", 4);
		shared.io().to("private").emit("private", 5, new byte[] { 1, 2, 3 });
		shared.io().asVolatile().emit("volatile", 6);

		client.reopen("/");
		JsonNode connect = client.awaitReport("connect", "/", TIMEOUT);
		assertThat(connect.get("id").asString()).isEqualTo(id);
		assertThat(connect.get("recovered").asBoolean()).isTrue();
		await().atMost(TIMEOUT).until(() -> sockets.get(id) != first);
		SocketIOSocket restored = sockets.get(id);
		assertThat(restored.recovered()).isTrue();
		assertThat(restored.rooms()).containsExactlyInAnyOrder(id, "members", "private");
		assertThat(restored.data()).containsEntry("name", "first of " + id);

		shared.io().emit("after", 7);
		client.awaitEvent("/", "after", TIMEOUT);
		List<JsonNode> received = client.received("/");
		assertThat(received.stream().map((event) -> event.get("name").asString())).containsExactly("stored", "all",
				"members", "direct", "private", "after");
		ArrayNode privateArgs = args(received.get(4));
		assertThat(privateArgs.get(0).asInt()).isEqualTo(5);
		assertThat(privateArgs.get(1).binaryValue()).containsExactly(1, 2, 3);
		for (JsonNode event : received) {
			// every stored packet carries its offset as last argument
			ArrayNode eventArgs = args(event);
			assertThat(eventArgs.get(eventArgs.size() - 1).isString()).as(event.toString()).isTrue();
		}
		client.process().close();
	}

	@Test
	void aContinuousBroadcastAcrossATerminatedWebSocketArrivesWholeAndOnce() throws Exception {
		SioClient client = SioClient.start(this.node, shared.url()).connect("/", Transport.WEBSOCKET);
		String id = client.awaitConnect("/", TIMEOUT);
		int count = 300;
		AtomicInteger next = new AtomicInteger();
		ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
		try {
			producer.scheduleAtFixedRate(() -> {
				int value = next.getAndIncrement();
				if (value < count) {
					shared.io().to("members").emit("n", value);
				}
			}, 0, 2, TimeUnit.MILLISECONDS);
			client.awaitEvents("/", "n", 20, TIMEOUT);
			client.cut("/");
			client.awaitReport("disconnect", "/", TIMEOUT);
			await().atMost(TIMEOUT).until(() -> reasons.containsKey(id));
			int sentDuringTheGap = next.get();
			client.reopen("/");
			JsonNode connect = client.awaitReport("connect", "/", TIMEOUT);
			assertThat(connect.get("id").asString()).isEqualTo(id);
			assertThat(connect.get("recovered").asBoolean()).isTrue();
			assertThat(reasons.get(id)).isIn(DisconnectReason.TRANSPORT_CLOSE, DisconnectReason.TRANSPORT_ERROR);
			await().atMost(TIMEOUT).until(() -> next.get() >= count);
			assertThat(sentDuringTheGap).isLessThan(count);
		}
		finally {
			producer.shutdownNow();
		}
		List<Integer> values = new ArrayList<>();
		await().atMost(TIMEOUT).untilAsserted(() -> {
			values.clear();
			client.received("/").forEach((event) -> values.add(args(event).get(0).asInt()));
			assertThat(values).hasSize(count);
		});
		for (int i = 0; i < count; i++) {
			assertThat(values.get(i)).as("event %d", i).isEqualTo(i);
		}
		client.process().close();
	}

	@Test
	void aSessionOlderThanTheMaximumIsNotRestored() {
		SioClient client = SioClient.start(this.node, small.url()).connect("/", Transport.WEBSOCKET);
		String id = client.awaitConnect("/", TIMEOUT);
		small.io().emit("stored", 1);
		client.awaitEvent("/", "stored", TIMEOUT);
		InMemoryAdapter adapter = (InMemoryAdapter) small.io().sockets().adapter();
		cutFromTheServer(sockets.get(id));
		client.awaitReport("disconnect", "/", TIMEOUT);
		await().atMost(TIMEOUT).until(() -> reasons.containsKey(id));
		// the sweep drops it once older than a second
		await().atMost(TIMEOUT).until(() -> adapter.storedSessionCount() == 0);
		client.reopen("/");
		assertFreshSession(client, id);
	}

	@Test
	void aClientWhoseOffsetWasDroppedGetsAFreshSession() {
		SioClient client = SioClient.start(this.node, small.url()).connect("/", Transport.WEBSOCKET);
		String id = client.awaitConnect("/", TIMEOUT);
		small.io().emit("stored", 1);
		client.awaitEvent("/", "stored", TIMEOUT);
		cutFromTheServer(sockets.get(id));
		client.awaitReport("disconnect", "/", TIMEOUT);
		await().atMost(TIMEOUT).until(() -> reasons.containsKey(id));
		// five packets are kept: the client's is dropped
		for (int i = 0; i < 6; i++) {
			small.io().emit("gap", i);
		}
		InMemoryAdapter adapter = (InMemoryAdapter) small.io().sockets().adapter();
		assertThat(adapter.storedPacketCount()).isEqualTo(5);
		client.reopen("/");
		assertFreshSession(client, id);
		assertThat(client.received("/").stream().map((event) -> event.get("name").asString()))
			.containsExactly("stored");
	}

	@Test
	void aServerDisconnectIsNotRecoverable() {
		SioClient client = SioClient.start(this.node, shared.url()).connect("/", Transport.WEBSOCKET);
		String id = client.awaitConnect("/", TIMEOUT);
		shared.io().emit("stored", 1);
		client.awaitEvent("/", "stored", TIMEOUT);
		sockets.get(id).disconnect();
		assertThat(client.awaitReport("disconnect", "/", TIMEOUT).get("reason").asString())
			.isEqualTo("io server disconnect");
		client.reopen("/");
		assertFreshSession(client, id);
	}

	@Test
	void aClientDisconnectIsNotRecoverable() {
		SioClient client = SioClient.start(this.node, shared.url()).connect("/", Transport.WEBSOCKET);
		String id = client.awaitConnect("/", TIMEOUT);
		shared.io().emit("stored", 1);
		client.awaitEvent("/", "stored", TIMEOUT);
		client.disconnect("/");
		await().atMost(TIMEOUT).until(() -> reasons.containsKey(id));
		assertThat(reasons.get(id)).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
		client.reopen("/");
		assertFreshSession(client, id);
	}

	@Test
	void withoutAStoredEventTheClientHasNoOffsetAndGetsAFreshSession() {
		SioClient client = SioClient.start(this.node, shared.url()).connect("/", Transport.WEBSOCKET);
		String id = client.awaitConnect("/", TIMEOUT);
		cutFromTheServer(sockets.get(id));
		client.awaitReport("disconnect", "/", TIMEOUT);
		await().atMost(TIMEOUT).until(() -> reasons.containsKey(id));
		client.reopen("/");
		assertFreshSession(client, id);
	}

	private static void assertFreshSession(SioClient client, String oldId) {
		JsonNode connect = client.awaitReport("connect", "/", TIMEOUT);
		String id = connect.get("id").asString();
		assertThat(id).isNotEqualTo(oldId);
		assertThat(connect.get("recovered").asBoolean()).isFalse();
		await().atMost(TIMEOUT).until(() -> sockets.containsKey(id));
		assertThat(sockets.get(id).recovered()).isFalse();
		client.process().close();
	}

	/**
	 * Closes a socket's connection from the server: the client sees its transport close,
	 * the server a forced close, a recoverable reason.
	 */
	private static void cutFromTheServer(SocketIOSocket socket) {
		EngineSocket connection = ((DefaultSocket) socket).client().connection();
		// a polling client gets the close packet in answer to its pending GET
		await().atMost(TIMEOUT).until(connection::isWritable);
		connection.close();
	}

	private static ArrayNode args(JsonNode event) {
		return SioClient.args(event);
	}

}
