package io.github.socketiospringboot.adapter.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketiospringboot.adapter.ConnectionStateRecovery;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.server.SocketIOSocket;
import io.github.socketiospringboot.test.NodeProcess;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.RedisServer;
import io.github.socketiospringboot.test.SioClient.Transport;
import io.github.socketiospringboot.test.SioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connection state recovery across a cluster on the Redis Streams adapter, with the
 * official {@code socket.io-client}, a real {@code redis-server}, two Java servers and an
 * official Node server on {@code @socket.io/redis-streams-adapter} 0.3.1: a client whose
 * connection is cut comes back on another server (the same socket id, rooms and data,
 * {@code recovered} on both sides, what it missed once and in order), from Java to Java,
 * Node to Java and Java to Node; and a rolling restart of a Java server under a
 * continuous broadcast loses nothing and repeats nothing.
 *
 * <p>
 * The clients reconnect explicitly, to the server the test names (as a load balancer
 * would send them), once the session they left is stored in Redis: the gap is then
 * certain.
 */
class StreamsRecoveryTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String PREFIX = "recovery";

	private static final Duration MAX_DISCONNECTION = Duration.ofSeconds(30);

	private static final JsonMapper json = JsonMapper.shared();

	private static final AtomicInteger commandIds = new AtomicInteger();

	/** The Java sockets by id, the last one to connect under each id. */
	private static final Map<String, SocketIOSocket> sockets = new ConcurrentHashMap<>();

	private static final Map<String, DisconnectReason> reasons = new ConcurrentHashMap<>();

	private static TestRedis redis;

	private static ClusterNode a;

	private static ClusterNode b;

	private static NodeScripts serverScripts;

	private static NodeProcess nodeServer;

	private static String nodeUrl;

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	@BeforeAll
	static void start() {
		redis = TestRedis.standalone();
		serverScripts = NodeScripts.create().withHardTimeout(Duration.ofMinutes(5));
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("redis", redis.uri());
		config.put("adapter", "streams");
		config.put("prefix", PREFIX);
		config.put("recovery", MAX_DISCONNECTION.toMillis());
		nodeServer = serverScripts.start("redis-node-server.mjs", json.writeValueAsString(config));
		nodeUrl = "http://127.0.0.1:" + nodeServer.awaitEvent("listening", Duration.ofSeconds(30)).get("port").asInt();
		a = startJava();
		b = startJava();
		awaitServers();
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { a, b }) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// next
				}
			}
		}
		if (serverScripts != null) {
			serverScripts.closeAll();
		}
		if (redis != null) {
			redis.close();
		}
	}

	private static ClusterNode startJava() {
		StreamsOptions streams = new StreamsOptions(PREFIX, 1, PREFIX, false, 10_000, 100, Duration.ofSeconds(5),
				PREFIX + ":session:", Duration.ofSeconds(5), MAX_DISCONNECTION);
		ClusterNode server = ClusterNode.start(redis.streams(streams),
				SocketIOOptions.defaults()
					.withConnectionStateRecovery(
							ConnectionStateRecovery.ENABLED.withMaxDisconnectionDuration(MAX_DISCONNECTION)));
		server.io().sockets().onConnection((socket) -> {
			if (!socket.recovered()) {
				socket.join("members");
				List<String> client = socket.handshake().query().get("client");
				socket.data().put("user", (client != null) ? client.get(0) : "?");
			}
			socket.onDisconnect((left, reason) -> reasons.put(left.id(), reason));
			sockets.put(socket.id(), socket);
		});
		await().atMost(WAIT).until(() -> server.adapters().streams().lastRead(PREFIX) != null);
		return server;
	}

	/** Waits until the three servers count each other. */
	private static void awaitServers() {
		await().atMost(WAIT)
			.until(() -> a.io().sockets().adapter().serverCount().onErrorReturn(-1).block(WAIT) == 3
					&& b.io().sockets().adapter().serverCount().onErrorReturn(-1).block(WAIT) == 3);
	}

	@Test
	void aClientRecoversOnTheOtherJavaServerWithWhatItMissedOnceAndInOrder() {
		SioClient client = SioClient.start(this.node, a.url()).connect("/", "/", options("j1"));
		String id = client.awaitConnect("/", WAIT);
		await().atMost(WAIT).until(() -> sockets.containsKey(id));
		sockets.get(id).join("private");
		stored(() -> b.io().emit("stored", "before"));
		client.awaitEvent("/", "stored", WAIT);

		client.cut("/");
		client.awaitReport("disconnect", "/", WAIT);
		awaitSessionOf(id);
		assertThat(reasons.get(id)).isIn(DisconnectReason.TRANSPORT_CLOSE, DisconnectReason.TRANSPORT_ERROR);
		// during the gap, from both servers: to everyone, to rooms it was in, to a room
		// it
		// was not in, to itself
		stored(() -> b.io().emit("all", 1));
		stored(() -> a.io().to("members").emit("members", 2));
		stored(() -> b.io().to("strangers").emit("strangers", 3));
		stored(() -> a.io().to(id).emit("direct", 4));
		stored(() -> b.io().to("private").emit("private", 5, new byte[] { 1, 2, 3 }));

		client.reopen("/", b.url());
		JsonNode connect = client.awaitReport("connect", "/", WAIT);
		assertThat(connect.get("id").asString()).isEqualTo(id);
		assertThat(connect.get("recovered").asBoolean()).isTrue();
		await().atMost(WAIT).until(() -> b.io().sockets().adapter().socketRooms(id).contains("private"));
		SocketIOSocket restored = sockets.get(id);
		assertThat(restored.recovered()).isTrue();
		assertThat(restored.rooms()).containsExactlyInAnyOrder(id, "members", "private");
		assertThat(restored.data()).containsEntry("user", "j1");

		a.io().emit("after", 6);
		client.awaitEvent("/", "after", WAIT);
		List<JsonNode> received = client.received("/");
		assertThat(received.stream().map((event) -> event.get("name").asString())).containsExactly("stored", "all",
				"members", "direct", "private", "after");
		assertThat(SioClient.args(received.get(4)).get(1).binaryValue()).containsExactly(1, 2, 3);
		for (JsonNode event : received) {
			// every packet carries its entry id as last argument
			JsonNode args = SioClient.args(event);
			assertThat(args.get(args.size() - 1).asString()).as(event.toString()).matches("[0-9]+-[0-9]+");
		}
		client.process().close();
	}

	@Test
	void aRollingRestartOfAJavaServerUnderAContinuousBroadcastLosesNothingAndRepeatsNothing() {
		int clientCount = 3;
		List<SioClient> clients = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < clientCount; i++) {
			SioClient client = SioClient.start(this.node, a.url()).connect("/", "/", options("r" + i));
			clients.add(client);
			ids.add(client.awaitConnect("/", WAIT));
		}
		AtomicInteger next = new AtomicInteger();
		ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
		int count;
		try {
			// from the server that stays, to a room the clients joined on the other,
			// until
			// the clients are back
			producer.scheduleAtFixedRate(() -> b.io().to("members").emit("n", next.getAndIncrement()), 0, 2,
					TimeUnit.MILLISECONDS);
			for (SioClient client : clients) {
				client.awaitEvents("/", "n", 20, WAIT);
			}
			// graceful shutdown: every socket's session is stored before the connections
			// to Redis close
			ClusterNode stopped = a;
			a = null;
			stopped.close();
			for (int i = 0; i < clientCount; i++) {
				SioClient client = clients.get(i);
				client.awaitReport("disconnect", "/", WAIT);
				String id = ids.get(i);
				await().atMost(WAIT).until(() -> reasons.get(id) == DisconnectReason.SERVER_SHUTTING_DOWN);
				client.reopen("/", b.url());
			}
			for (int i = 0; i < clientCount; i++) {
				JsonNode connect = clients.get(i).awaitReport("connect", "/", WAIT);
				assertThat(connect.get("id").asString()).isEqualTo(ids.get(i));
				assertThat(connect.get("recovered").asBoolean()).isTrue();
			}
			int recoveredAt = next.get();
			await().atMost(WAIT).until(() -> next.get() >= recoveredAt + 100);
		}
		finally {
			producer.shutdownNow();
			if (a == null) {
				// the restart: a new server takes the place of the old one
				a = startJava();
			}
		}
		await().atMost(WAIT).until(producer::isTerminated);
		count = next.get();
		for (SioClient client : clients) {
			await().atMost(WAIT).until(() -> client.received("/").size() >= count);
			List<JsonNode> received = client.received("/");
			assertThat(received).as(() -> breaks(received)).hasSize(count);
			for (int i = 0; i < count; i++) {
				assertThat(SioClient.args(received.get(i)).get(0).asInt()).as(() -> breaks(received)).isEqualTo(i);
			}
		}
		for (String id : ids) {
			assertThat(sockets.get(id).recovered()).isTrue();
			assertThat(sockets.get(id).rooms()).containsExactlyInAnyOrder(id, "members");
		}
		// the restarted server is part of the cluster again
		awaitServers();
		stored(() -> a.io().emit("from-restarted"));
		for (SioClient client : clients) {
			client.awaitEvent("/", "from-restarted", WAIT);
			client.process().close();
		}
	}

	@Test
	void aClientOfTheNodeServerRecoversOnAJavaServer() {
		SioClient client = SioClient.start(this.node, nodeUrl).connect("/", "/", options("n1", "roomN"));
		String id = client.awaitConnect("/", WAIT);
		stored(() -> a.io().emit("stored", "before"));
		client.awaitEvent("/", "stored", WAIT);

		client.cut("/");
		client.awaitReport("disconnect", "/", WAIT);
		nodeServer.await((event) -> "disconnection".equals(event.path("event").asString(""))
				&& id.equals(event.path("id").asString("")), "disconnection of " + id, WAIT);
		awaitSessionOf(id);
		stored(() -> a.io().to("roomN").emit("room", 1));
		stored(() -> nodeCommand("emit", Map.of("event", "all", "args", List.of(2))));
		stored(() -> a.io().to("strangers").emit("strangers", 3));
		stored(() -> nodeCommand("emit", Map.of("in", List.of(id), "event", "direct", "args", List.of(4))));

		client.reopen("/", a.url());
		JsonNode connect = client.awaitReport("connect", "/", WAIT);
		assertThat(connect.get("id").asString()).isEqualTo(id);
		assertThat(connect.get("recovered").asBoolean()).isTrue();
		await().atMost(WAIT).until(() -> sockets.containsKey(id));
		SocketIOSocket restored = sockets.get(id);
		assertThat(restored.recovered()).isTrue();
		assertThat(restored.rooms()).containsExactlyInAnyOrder(id, "roomN");
		assertThat(restored.data()).containsEntry("user", "n1");

		nodeCommand("emit", Map.of("event", "after", "args", List.of(5)));
		client.awaitEvent("/", "after", WAIT);
		assertThat(client.received("/").stream().map((event) -> event.get("name").asString())).containsExactly("stored",
				"room", "all", "direct", "after");
		client.process().close();
	}

	@Test
	void aClientOfAJavaServerRecoversOnTheNodeServer() {
		SioClient client = SioClient.start(this.node, a.url()).connect("/", "/", options("j2"));
		String id = client.awaitConnect("/", WAIT);
		await().atMost(WAIT).until(() -> sockets.containsKey(id));
		sockets.get(id).join("roomJ");
		stored(() -> nodeCommand("emit", Map.of("event", "stored", "args", List.of("before"))));
		client.awaitEvent("/", "stored", WAIT);

		client.cut("/");
		client.awaitReport("disconnect", "/", WAIT);
		awaitSessionOf(id);
		stored(() -> nodeCommand("emit", Map.of("in", List.of("members"), "event", "members", "args", List.of(1))));
		stored(() -> a.io().emit("all", 2));
		stored(() -> nodeCommand("emit", Map.of("in", List.of("strangers"), "event", "strangers", "args", List.of(3))));
		stored(() -> b.io().to("roomJ").emit("room", 4));

		client.reopen("/", nodeUrl);
		JsonNode connect = client.awaitReport("connect", "/", WAIT);
		assertThat(connect.get("id").asString()).isEqualTo(id);
		assertThat(connect.get("recovered").asBoolean()).isTrue();
		JsonNode connection = nodeServer.await((event) -> "connection".equals(event.path("event").asString(""))
				&& id.equals(event.path("id").asString("")), "connection of " + id, WAIT);
		assertThat(connection.get("recovered").asBoolean()).isTrue();
		JsonNode rooms = nodeCommand("rooms", Map.of("socketId", id)).get("rooms");
		List<String> roomNames = new ArrayList<>();
		rooms.forEach((room) -> roomNames.add(room.asString()));
		assertThat(roomNames).contains(id, "members", "roomJ");

		b.io().emit("after", 5);
		client.awaitEvent("/", "after", WAIT);
		assertThat(client.received("/").stream().map((event) -> event.get("name").asString())).containsExactly("stored",
				"members", "all", "room", "after");
		client.process().close();
	}

	/**
	 * Describes where a numbered sequence of events breaks: each value out of place, with
	 * its neighbours and their offsets.
	 */
	private static String breaks(List<JsonNode> events) {
		StringBuilder description = new StringBuilder(events.size() + " events");
		int expected = 0;
		for (int i = 0; i < events.size(); i++) {
			int value = SioClient.args(events.get(i)).get(0).asInt();
			if (value != expected) {
				description.append("\nat ").append(i).append(':');
				for (int j = Math.max(0, i - 3); j < Math.min(events.size(), i + 3); j++) {
					description.append(' ').append(SioClient.args(events.get(j)));
				}
			}
			expected = value + 1;
		}
		return description.toString();
	}

	private static Map<String, Object> options(String name, String... rooms) {
		Map<String, Object> options = Transport.WEBSOCKET.options();
		Map<String, Object> query = new LinkedHashMap<>();
		query.put("client", name);
		if (rooms.length > 0) {
			query.put("rooms", String.join(",", rooms));
		}
		options.put("query", query);
		return options;
	}

	private static RedisServer server() {
		return ((TestRedis.Standalone) redis).server();
	}

	/**
	 * Runs what adds one entry to the stream, and waits until it is there: the entries of
	 * the servers keep the order of the test.
	 */
	private static void stored(Runnable send) {
		long before = Long.parseLong(server().command("XLEN", PREFIX).trim());
		send.run();
		await().atMost(WAIT).until(() -> Long.parseLong(server().command("XLEN", PREFIX).trim()) > before);
	}

	/** Waits until Redis holds the session of a socket. */
	private static void awaitSessionOf(String id) {
		byte[] sid = id.getBytes(StandardCharsets.UTF_8);
		await().atMost(WAIT).until(() -> server().command("KEYS", PREFIX + ":session:*").lines().anyMatch((key) -> {
			String value = server().command("GET", key).trim();
			if (value.isEmpty() || value.startsWith("-")) {
				return false;
			}
			return contains(Base64.getDecoder().decode(value), sid);
		}));
	}

	private static boolean contains(byte[] bytes, byte[] part) {
		for (int i = 0; i + part.length <= bytes.length; i++) {
			int j = 0;
			while (j < part.length && bytes[i + j] == part[j]) {
				j++;
			}
			if (j == part.length) {
				return true;
			}
		}
		return false;
	}

	/** Sends a command to the Node server and waits for the event that answers it. */
	private static JsonNode nodeCommand(String cmd, Map<String, ?> fields) {
		String id = "c" + commandIds.incrementAndGet();
		Map<String, Object> command = new LinkedHashMap<>(fields);
		command.put("cmd", cmd);
		command.put("id", id);
		nodeServer.send(command);
		return nodeServer.await((event) -> id.equals(event.path("id").asString("")), cmd + " #" + id, WAIT);
	}

}
