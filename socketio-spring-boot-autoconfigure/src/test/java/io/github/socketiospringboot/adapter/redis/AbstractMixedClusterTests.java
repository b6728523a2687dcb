package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.server.SocketIOSocket;
import io.github.socketiospringboot.test.NodeProcess;
import io.github.socketiospringboot.test.NodeScripts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mixed cluster on a real Redis (a {@code redis-server}, or a Redis Cluster with
 * node-redis's cluster client on the Node side): an official Node Socket.IO server
 * (socket.io 4.8.4 with {@code @socket.io/redis-adapter} 8.3.0,
 * {@code redis-node-server.mjs}) beside a Java {@link SocketIOServer} with our adapter,
 * and official {@code socket.io-client} sockets on both ({@code sio-clients.mjs}):
 * {@code cJ} on the Java server (rooms {@code roomJ} and {@code shared}), {@code cN} on
 * the Node server (rooms {@code roomN} and {@code shared}). Every cluster-wide operation
 * is checked in both directions.
 *
 * <p>
 * The servers and Redis live as long as the test class; each test has its own clients.
 */
abstract class AbstractMixedClusterTests {

	static final Duration WAIT = Duration.ofSeconds(10);

	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	static final String JAVA_ROOM = "roomJ";

	static final String NODE_ROOM = "roomN";

	static final String SHARED_ROOM = "shared";

	static final JsonMapper json = JsonMapper.shared();

	private static final AtomicInteger commandIds = new AtomicInteger();

	static TestRedis redis;

	static NodeScripts serverScripts;

	static NodeProcess nodeServer;

	static String nodeUrl;

	static ClusterNode java;

	static String prefix;

	static boolean sharded;

	static final List<String> javaServerSideEvents = new CopyOnWriteArrayList<>();

	@RegisterExtension
	final NodeScripts scripts = NodeScripts.create();

	NodeProcess clients;

	String cJ;

	String cN;

	/**
	 * Starts the Node server with the given adapter and the Java server with ours.
	 * @param testRedis the Redis under them, closed with them
	 * @param adapter {@code classic} or {@code sharded}
	 * @param keyPrefix the prefix both servers use
	 * @param adapters the Java server's adapters on the given Redis
	 */
	static void startCluster(TestRedis testRedis, String adapter, String keyPrefix,
			Function<TestRedis, RedisAdapterFactory> adapters) {
		sharded = adapter.equals("sharded");
		prefix = keyPrefix;
		redis = testRedis;
		serverScripts = NodeScripts.create().withHardTimeout(Duration.ofMinutes(5));
		Map<String, Object> config = new LinkedHashMap<>();
		if (redis instanceof TestRedis.Cluster cluster) {
			config.put("cluster", cluster.nodes().uris());
		}
		else {
			config.put("redis", redis.uri());
		}
		config.put("adapter", adapter);
		config.put("prefix", prefix);
		config.put("requestsTimeout", REQUEST_TIMEOUT.toMillis());
		config.put("namespaces", List.of("/", "/chat"));
		nodeServer = serverScripts.start("redis-node-server.mjs", json.writeValueAsString(config));
		nodeUrl = "http://127.0.0.1:" + nodeServer.awaitEvent("listening", Duration.ofSeconds(30)).get("port").asInt();
		java = ClusterNode.start(adapters.apply(redis));
		java.io().onConnection(AbstractMixedClusterTests::setUp);
		java.io().of("/chat").onConnection(AbstractMixedClusterTests::setUp);
		Namespace main = java.io().sockets();
		main.onServerSideEmit("from-node", (event) -> javaServerSideEvents.add("from-node " + event.args()));
		main.onServerSideEmit("question-from-node", (event) -> {
			javaServerSideEvents.add("question-from-node " + event.args() + " ack=" + event.hasAck());
			event.ack(Map.of("answer", "from-java"));
		});
		main.onServerSideEmit("from-emitter", (event) -> javaServerSideEvents.add("from-emitter " + event.args()));
		await().atMost(WAIT).until(() -> serverCount(java.io()) == 2 && nodeServerCount("/") == 2);
		await().atMost(WAIT).until(() -> serverCount(java.io().of("/chat")) == 2 && nodeServerCount("/chat") == 2);
	}

	@AfterAll
	static void stopCluster() {
		if (java != null) {
			java.close();
		}
		if (serverScripts != null) {
			serverScripts.closeAll();
		}
		if (redis != null) {
			redis.close();
		}
	}

	private static void setUp(SocketIOSocket socket) {
		List<String> name = socket.handshake().query().get("client");
		socket.data().put("user", (name != null) ? name.get(0) : "?");
		List<String> rooms = socket.handshake().query().get("rooms");
		if (rooms != null && !rooms.get(0).isEmpty()) {
			socket.join(Set.of(rooms.get(0).split(",")));
		}
	}

	@BeforeEach
	void connectClients() {
		this.clients = this.scripts.withHardTimeout(Duration.ofSeconds(90)).start("sio-clients.mjs");
		this.clients.awaitEvent("ready", Duration.ofSeconds(30));
		this.cJ = connect("cJ", java.url(), "/", JAVA_ROOM + "," + SHARED_ROOM);
		this.cN = connect("cN", nodeUrl, "/", NODE_ROOM + "," + SHARED_ROOM);
		awaitRoomChannels(JAVA_ROOM, NODE_ROOM, SHARED_ROOM);
	}

	@AfterEach
	void disconnectClients() {
		this.scripts.closeAll();
		await().atMost(WAIT)
			.until(() -> java.io().sockets().sockets().isEmpty() && java.io().of("/chat").sockets().isEmpty());
		await().atMost(WAIT)
			.until(() -> nodeCommand("fetchSockets", Map.of("local", true)).get("sockets").isEmpty()
					&& nodeCommand("fetchSockets", Map.of("nsp", "/chat", "local", true)).get("sockets").isEmpty());
	}

	// ---- helpers

	/**
	 * Connects an official client and waits until its server knows it.
	 * @return its socket id
	 */
	String connect(String name, String url, String nsp, String rooms) {
		Map<String, Object> command = new LinkedHashMap<>();
		command.put("cmd", "connect");
		command.put("client", name);
		command.put("url", url);
		command.put("nsp", nsp);
		command.put("query", Map.of("client", name, "rooms", rooms));
		command.put("answers", Map.of("ask", List.of(Map.of("from", name))));
		this.clients.send(command);
		JsonNode connected = this.clients.await(
				(event) -> name.equals(event.path("client").asString(""))
						&& Set.of("connect", "connect_error").contains(event.path("event").asString("")),
				"connection of " + name, WAIT);
		if (!connected.path("event").asString("").equals("connect")) {
			throw this.clients.failure(name + " could not connect: " + connected);
		}
		String id = connected.get("id").asString();
		if (url.equals(nodeUrl)) {
			nodeServer.await((event) -> event.path("event").asString("").equals("connection")
					&& id.equals(event.path("id").asString("")), "Node's connection of " + name, WAIT);
		}
		else {
			// the CONNECT packet goes out before the connection handler joins the rooms
			Set<String> expected = rooms.isEmpty() ? Set.of(id) : Set.of(rooms.split(","));
			await().atMost(WAIT).until(() -> {
				SocketIOSocket socket = java.io().of(nsp).sockets().get(id);
				return socket != null && socket.rooms().containsAll(expected);
			});
		}
		return id;
	}

	/**
	 * Waits for an event of a client.
	 */
	JsonNode awaitEvent(String client, String name) {
		return this.clients.await((event) -> event.path("event").asString("").equals("event")
				&& client.equals(event.path("client").asString("")) && name.equals(event.path("name").asString("")),
				"event '" + name + "' of " + client, WAIT);
	}

	/**
	 * Waits for a client's disconnection.
	 */
	JsonNode awaitDisconnect(String client) {
		return this.clients.await((event) -> event.path("event").asString("").equals("disconnect")
				&& client.equals(event.path("client").asString("")), "disconnection of " + client, WAIT);
	}

	/**
	 * Returns the names of the events a client received so far, in order.
	 */
	List<String> received(String client) {
		return this.clients.events("event")
			.stream()
			.filter((event) -> client.equals(event.path("client").asString("")))
			.map((event) -> event.path("name").asString(""))
			.toList();
	}

	/**
	 * Sends a command to the Node server and waits for the event that answers it.
	 */
	static JsonNode nodeCommand(String cmd, Map<String, ?> fields) {
		String id = "c" + commandIds.incrementAndGet();
		Map<String, Object> command = new LinkedHashMap<>(fields);
		command.put("cmd", cmd);
		command.put("id", id);
		nodeServer.send(command);
		return nodeServer.await((event) -> id.equals(event.path("id").asString("")), cmd + " #" + id, WAIT);
	}

	static int nodeServerCount(String nsp) {
		return nodeCommand("serverCount", Map.of("nsp", nsp)).get("count").asInt();
	}

	static int serverCount(SocketIOServer io) {
		return serverCount(io.sockets());
	}

	static int serverCount(Namespace namespace) {
		return namespace.adapter().serverCount().onErrorReturn(-1).block(WAIT);
	}

	/**
	 * Returns the rooms of a socket of the Node server, as that server sees them.
	 */
	static List<String> nodeRooms(String socketId) {
		JsonNode answer = nodeCommand("rooms", Map.of("socketId", socketId));
		List<String> rooms = new ArrayList<>();
		answer.get("rooms").forEach((room) -> rooms.add(room.asString()));
		return rooms;
	}

	Set<String> javaRooms(String socketId) {
		SocketIOSocket socket = java.io().sockets().sockets().get(socketId);
		return (socket != null) ? socket.rooms() : Set.of();
	}

	/**
	 * Waits until both servers listen on the rooms' own channels (sharded dynamic mode);
	 * the classic protocol's pattern subscription covers every room.
	 */
	static void awaitRoomChannels(String... rooms) {
		if (!sharded) {
			return;
		}
		for (String room : rooms) {
			String channel = prefix + "#/#" + room + "#";
			int expected = room.equals(SHARED_ROOM) ? 2 : 1;
			await().atMost(WAIT).until(() -> redis.subscribers(true, channel) >= expected);
		}
	}

	/**
	 * Tells whether a server receives the broadcasts of another in the order they were
	 * sent: not with sharded pub/sub on a Redis Cluster, where a room's channel and the
	 * main one may live on different masters.
	 */
	static boolean ordered() {
		return !(sharded && redis.isCluster());
	}

	static Map<String, Object> targets(Object... keyValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			map.put((String) keyValues[i], keyValues[i + 1]);
		}
		return map;
	}

	// ---- broadcasts

	@Test
	void everyBroadcastFormOfTheJavaServerReachesTheNodeServersClients() {
		SocketIOServer io = java.io();
		io.emit("hello", "world", 42, Map.of("a", 1));
		io.to(NODE_ROOM).emit("room-msg", "rN");
		io.to(NODE_ROOM, JAVA_ROOM).emit("rooms-msg", "rNJ");
		io.except(NODE_ROOM).emit("except-msg");
		io.except(JAVA_ROOM).emit("except-java-msg");
		io.to(this.cN).emit("private", "pm");
		io.emit("bin", new byte[] { 1, 2, 3 }, Map.of("nested", new byte[] { 4, 5 }));
		io.local().emit("local-only");
		io.emit("marker");
		awaitEvent("cN", "marker");
		awaitEvent("cJ", "marker");
		if (ordered()) {
			assertThat(received("cN")).containsExactly("hello", "room-msg", "rooms-msg", "except-java-msg", "private",
					"bin", "marker");
		}
		else {
			// the marker follows the others of the main channel; the room's may come
			// later
			awaitEvent("cN", "room-msg");
			assertThat(received("cN")).containsExactlyInAnyOrder("hello", "room-msg", "rooms-msg", "except-java-msg",
					"private", "bin", "marker");
		}
		assertThat(received("cJ")).containsExactly("hello", "rooms-msg", "except-msg", "bin", "local-only", "marker");
		assertThat(awaitEvent("cN", "hello").get("args").toString()).isEqualTo("[\"world\",42,{\"a\":1}]");
		assertThat(awaitEvent("cN", "bin").get("args").toString())
			.isEqualTo("[{\"$binary\":\"AQID\"},{\"nested\":{\"$binary\":\"BAU=\"}}]");
	}

	@Test
	void everyBroadcastFormOfTheNodeServerReachesTheJavaServersClients() {
		nodeCommand("emit", targets("event", "hello", "args", List.of("world", 42, Map.of("a", 1))));
		nodeCommand("emit", targets("in", List.of(JAVA_ROOM), "event", "room-msg", "args", List.of("rJ")));
		nodeCommand("emit", targets("in", List.of(JAVA_ROOM, NODE_ROOM), "event", "rooms-msg"));
		nodeCommand("emit", targets("except", List.of(JAVA_ROOM), "event", "except-msg"));
		nodeCommand("emit", targets("except", List.of(NODE_ROOM), "event", "except-node-msg"));
		nodeCommand("emit", targets("in", List.of(this.cJ), "event", "private", "args", List.of("pm")));
		nodeCommand("emit", targets("event", "bin", "args",
				List.of(Map.of("$binary", "AQID"), Map.of("nested", Map.of("$binary", "BAU=")))));
		nodeCommand("emit", targets("local", true, "event", "local-only"));
		nodeCommand("emit", targets("event", "marker"));
		awaitEvent("cJ", "marker");
		awaitEvent("cN", "marker");
		// both servers drop a volatile packet for a client whose transport is still
		// busy writing: sent in a burst it may be lost, so it goes out on its own
		nodeCommand("emit", targets("volatile", true, "event", "vol"));
		nodeCommand("emit", targets("event", "marker2"));
		awaitEvent("cJ", "marker2");
		awaitEvent("cN", "marker2");
		if (ordered()) {
			assertThat(received("cJ")).containsExactly("hello", "room-msg", "rooms-msg", "except-node-msg", "private",
					"bin", "marker", "vol", "marker2");
		}
		else {
			awaitEvent("cJ", "room-msg");
			assertThat(received("cJ")).containsExactlyInAnyOrder("hello", "room-msg", "rooms-msg", "except-node-msg",
					"private", "bin", "marker", "vol", "marker2");
		}
		// Node's ClusterAdapter (sharded) delivers to its own clients once the
		// publication is done, so a local-only broadcast may overtake an earlier one
		// there
		assertThat(received("cN")).containsExactlyInAnyOrder("hello", "rooms-msg", "except-msg", "bin", "local-only",
				"marker", "vol", "marker2");
		assertThat(awaitEvent("cJ", "hello").get("args").toString()).isEqualTo("[\"world\",42,{\"a\":1}]");
		assertThat(awaitEvent("cJ", "bin").get("args").toString())
			.isEqualTo("[{\"$binary\":\"AQID\"},{\"nested\":{\"$binary\":\"BAU=\"}}]");
	}

	// ---- acknowledgements

	@Test
	void aJavaBroadcastWithAcknowledgementsCompletesWithTheAnswersOfTheNodeServersClients() {
		List<Ack> acks = java.io().timeout(Duration.ofSeconds(5)).emitWithAck("ask", "question").block(WAIT);
		assertThat(acks).hasSize(2);
		assertThat(acks).extracting((ack) -> ack.get(0, Map.class))
			.containsExactlyInAnyOrder(Map.of("from", "cJ"), Map.of("from", "cN"));
		Ack fromNode = acks.stream()
			.filter((ack) -> ack.get(0, Map.class).equals(Map.of("from", "cN")))
			.findFirst()
			.orElseThrow();
		// the Node adapter does not say which socket answered
		assertThat(fromNode.socketId()).isEmpty();
		assertThat(fromNode.size()).isEqualTo(1);
		assertThat(acks).extracting(Ack::socketId).contains(this.cJ);
		assertThat(awaitEvent("cN", "ask").get("args").toString()).isEqualTo("[\"question\"]");
	}

	@Test
	void aNodeBroadcastWithAcknowledgementsGetsTheAnswersOfTheJavaServersClients() {
		// the Java server's answers carry an extra socketId key, which Node ignores
		JsonNode acks = nodeCommand("emit",
				targets("event", "ask", "args", List.of("question"), "ack", true, "timeout", 5000));
		assertThat(acks.path("event").asString()).isEqualTo("acks");
		assertThat(acks.get("error").isNull()).as("error of %s", acks).isTrue();
		assertThat(acks.get("responses").valueStream().map(JsonNode::toString).toList())
			.containsExactlyInAnyOrder("{\"from\":\"cJ\"}", "{\"from\":\"cN\"}");
		assertThat(awaitEvent("cJ", "ask").get("args").toString()).isEqualTo("[\"question\"]");
		JsonNode toJavaRoom = nodeCommand("emit", targets("in", List.of(JAVA_ROOM), "event", "ask", "args",
				List.of("only-java"), "ack", true, "timeout", 5000));
		assertThat(toJavaRoom.get("error").isNull()).as("error of %s", toJavaRoom).isTrue();
		assertThat(toJavaRoom.get("responses").toString()).isEqualTo("[{\"from\":\"cJ\"}]");
	}

	// ---- fetchSockets and remote sockets

	@Test
	void theJavaServerFetchesTheNodeServersSocketsAndActsOnThem() {
		List<RemoteSocket> sockets = java.io().fetchSockets().block(WAIT);
		assertThat(sockets).extracting(RemoteSocket::id).containsExactlyInAnyOrder(this.cJ, this.cN);
		RemoteSocket onNode = sockets.stream()
			.filter((socket) -> socket.id().equals(this.cN))
			.findFirst()
			.orElseThrow();
		assertThat(onNode.rooms()).containsExactlyInAnyOrder(this.cN, NODE_ROOM, SHARED_ROOM);
		assertThat(onNode.data()).containsEntry("user", "cN");
		assertThat(onNode.handshake().query().getFirst("client")).isEqualTo("cN");
		assertThat(onNode.handshake().url()).contains("client=cN");
		assertThat(onNode.handshake().headers().getFirst("host")).isEqualTo(nodeUrl.substring("http://".length()));
		assertThat(java.io().in(NODE_ROOM).fetchSockets().block(WAIT)).extracting(RemoteSocket::id)
			.containsExactly(this.cN);
		assertThat(java.io().in(SHARED_ROOM).except(JAVA_ROOM).fetchSockets().block(WAIT)).extracting(RemoteSocket::id)
			.containsExactly(this.cN);

		onNode.emit("direct", 1, Map.of("b", true));
		assertThat(awaitEvent("cN", "direct").get("args").toString()).isEqualTo("[1,{\"b\":true}]");
		onNode.join("joined-by-java");
		await().atMost(WAIT).until(() -> nodeRooms(this.cN).contains("joined-by-java"));
		onNode.leave("joined-by-java");
		await().atMost(WAIT).until(() -> !nodeRooms(this.cN).contains("joined-by-java"));
		onNode.disconnect(false);
		assertThat(awaitDisconnect("cN").get("reason").asString()).isEqualTo("io server disconnect");
		assertThat(received("cJ")).isEmpty();
	}

	@Test
	void aSocketOfTheNodeServerFoundByTheJavaServerAnswersItsEmitWithAckAndCompletesEmptyOnceGone() {
		RemoteSocket onNode = java.io().in(NODE_ROOM).fetchSockets().block(WAIT).get(0);
		Ack ack = onNode.timeout(Duration.ofSeconds(5)).emitWithAck("ask", "question").block(WAIT);
		assertThat(ack.get(0, Map.class)).isEqualTo(Map.of("from", "cN"));
		assertThat(ack.size()).isEqualTo(1);
		assertThat(awaitEvent("cN", "ask").get("args").toString()).isEqualTo("[\"question\"]");
		onNode.disconnect(false);
		awaitDisconnect("cN");
		// every server reports that it has no such socket: no need to wait a minute
		assertThat(onNode.timeout(Duration.ofMinutes(1)).emitWithAck("ask", "again").blockOptional(WAIT)).isEmpty();
		assertThat(received("cN")).containsExactly("ask");
	}

	@Test
	void aJavaSocketsLocalBroadcastReachesTheOtherClientsOfTheJavaServerOnly() {
		connect("cJ2", java.url(), "/", "");
		java.io().sockets().sockets().get(this.cJ).local().emit("local-msg", 1);
		java.io().emit("marker");
		for (String client : List.of("cJ", "cJ2", "cN")) {
			awaitEvent(client, "marker");
		}
		assertThat(received("cJ2")).containsExactly("local-msg", "marker");
		assertThat(received("cJ")).containsExactly("marker");
		assertThat(received("cN")).containsExactly("marker");
	}

	@Test
	void theNodeServerFetchesTheJavaServersSocketsAndActsOnThem() {
		JsonNode answer = nodeCommand("fetchSockets", Map.of());
		assertThat(answer.path("event").asString()).as("%s", answer).isEqualTo("sockets");
		List<String> ids = answer.get("sockets").valueStream().map((socket) -> socket.get("id").asString()).toList();
		assertThat(ids).containsExactlyInAnyOrder(this.cJ, this.cN);
		JsonNode onJava = answer.get("sockets")
			.valueStream()
			.filter((socket) -> socket.get("id").asString().equals(this.cJ))
			.findFirst()
			.orElseThrow();
		assertThat(onJava.get("local").asBoolean()).isFalse();
		assertThat(onJava.get("rooms").valueStream().map(JsonNode::asString).toList())
			.containsExactlyInAnyOrder(this.cJ, JAVA_ROOM, SHARED_ROOM);
		assertThat(onJava.get("data").get("user").asString()).isEqualTo("cJ");
		assertThat(onJava.get("handshake").get("query").get("client").asString()).isEqualTo("cJ");
		assertThat(onJava.get("handshake").get("url").asString()).contains("client=cJ");
		assertThat(onJava.get("handshake").get("address").asString()).isEqualTo("127.0.0.1");
		assertThat(onJava.get("handshake").get("issued").isNumber()).isTrue();
		JsonNode inJavaRoom = nodeCommand("fetchSockets", Map.of("in", List.of(JAVA_ROOM)));
		assertThat(inJavaRoom.get("sockets").valueStream().map((socket) -> socket.get("id").asString()).toList())
			.containsExactly(this.cJ);

		nodeCommand("remoteSocket", targets("socketId", this.cJ, "action", "emit", "event", "direct", "args",
				List.of(1, Map.of("b", true))));
		assertThat(awaitEvent("cJ", "direct").get("args").toString()).isEqualTo("[1,{\"b\":true}]");
		nodeCommand("remoteSocket",
				targets("socketId", this.cJ, "action", "join", "rooms", List.of("joined-by-node", "second")));
		await().atMost(WAIT).until(() -> javaRooms(this.cJ).containsAll(Set.of("joined-by-node", "second")));
		nodeCommand("remoteSocket", targets("socketId", this.cJ, "action", "leave", "room", "joined-by-node"));
		await().atMost(WAIT).until(() -> !javaRooms(this.cJ).contains("joined-by-node"));
		assertThat(javaRooms(this.cJ)).contains("second");
		nodeCommand("remoteSocket", targets("socketId", this.cJ, "action", "disconnect", "close", true));
		assertThat(awaitDisconnect("cJ").get("reason").asString()).isIn("io server disconnect", "transport close");
		await().atMost(WAIT).until(() -> java.io().sockets().sockets().isEmpty());
		assertThat(received("cN")).isEmpty();
	}

	// ---- server-side emits

	@Test
	void serverSideEmitsCrossInBothDirectionsWithAndWithoutAcknowledgement() {
		javaServerSideEvents.clear();
		String suffix = Integer.toString(commandIds.incrementAndGet());
		nodeCommand("onServerSide", targets("event", "from-java-" + suffix));
		nodeCommand("onServerSide", targets("event", "question-from-java-" + suffix, "answer", "answer-from-node"));

		java.io().serverSideEmit("from-java-" + suffix, 1, "two", Map.of("three", 3));
		JsonNode event = nodeServer.awaitEvent("serverSideEvent", WAIT);
		assertThat(event.get("name").asString()).isEqualTo("from-java-" + suffix);
		assertThat(event.get("args").toString()).isEqualTo("[1,\"two\",{\"three\":3}]");
		assertThat(event.get("acked").asBoolean()).isFalse();
		List<JsonNode> answers = java.io()
			.serverSideEmitWithAck(Duration.ofSeconds(5), "question-from-java-" + suffix, "q")
			.block(WAIT);
		assertThat(answers).map(JsonNode::asString).containsExactly("answer-from-node");
		JsonNode question = nodeServer.awaitEvent("serverSideEvent", WAIT);
		assertThat(question.get("args").toString()).isEqualTo("[\"q\"]");
		assertThat(question.get("acked").asBoolean()).isTrue();

		nodeCommand("serverSideEmit", targets("event", "from-node", "args", List.of(1, "two", Map.of("three", 3))));
		await().atMost(WAIT).until(() -> javaServerSideEvents.size() == 1);
		assertThat(javaServerSideEvents.get(0)).isEqualTo("from-node [1, \"two\", {\"three\":3}]");
		JsonNode acks = nodeCommand("serverSideEmit",
				targets("event", "question-from-node", "args", List.of("q"), "ack", true));
		assertThat(acks.path("event").asString()).isEqualTo("serverSideAcks");
		assertThat(acks.get("error").isNull()).as("error of %s", acks).isTrue();
		assertThat(acks.get("responses").toString()).isEqualTo("[{\"answer\":\"from-java\"}]");
		assertThat(javaServerSideEvents).containsExactly("from-node [1, \"two\", {\"three\":3}]",
				"question-from-node [\"q\"] ack=true");
	}

	// ---- room changes and disconnections of every socket

	@Test
	void socketsJoinLeaveAndDisconnectSocketsCrossInBothDirections() {
		SocketIOServer io = java.io();
		io.in(NODE_ROOM).socketsJoin("joined-by-java");
		await().atMost(WAIT).until(() -> nodeRooms(this.cN).contains("joined-by-java"));
		assertThat(javaRooms(this.cJ)).doesNotContain("joined-by-java");
		io.socketsJoin("everyone");
		await().atMost(WAIT).until(() -> nodeRooms(this.cN).contains("everyone"));
		assertThat(javaRooms(this.cJ)).contains("everyone");
		io.in("joined-by-java").socketsLeave("joined-by-java", "everyone");
		await().atMost(WAIT).until(() -> !nodeRooms(this.cN).contains("joined-by-java"));
		assertThat(nodeRooms(this.cN)).doesNotContain("everyone");
		assertThat(javaRooms(this.cJ)).contains("everyone");

		nodeCommand("socketsJoin", targets("in", List.of(JAVA_ROOM), "rooms", List.of("joined-by-node")));
		await().atMost(WAIT).until(() -> javaRooms(this.cJ).contains("joined-by-node"));
		assertThat(nodeRooms(this.cN)).doesNotContain("joined-by-node");
		nodeCommand("socketsLeave", targets("in", List.of("everyone"), "rooms", List.of("everyone")));
		await().atMost(WAIT).until(() -> !javaRooms(this.cJ).contains("everyone"));
		assertThat(javaRooms(this.cJ)).contains("joined-by-node");

		nodeCommand("disconnectSockets", targets("in", List.of(JAVA_ROOM), "close", false));
		assertThat(awaitDisconnect("cJ").get("reason").asString()).isEqualTo("io server disconnect");
		io.except(JAVA_ROOM).disconnectSockets(true);
		assertThat(awaitDisconnect("cN").get("reason").asString()).isIn("io server disconnect", "transport close");
		assertThat(this.clients.events("disconnect")).hasSize(2);
	}

}
