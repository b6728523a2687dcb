package io.github.socketiospringboot.adapter.redis;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketiospringboot.adapter.cluster.RequestTimeoutException;
import io.github.socketiospringboot.adapter.cluster.classic.ClassicOptions;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions.SubscriptionMode;
import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.AckTimeoutException;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.server.SocketIOSocket;
import io.github.socketiospringboot.test.SocketIOTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Two Java servers on a real Redis (a {@code redis-server}, or a Redis Cluster), a client
 * on each: every cluster-wide operation of the adapter SPI, for one protocol and
 * subscription mode.
 */
abstract class AbstractRedisClusterTests {

	static final Duration WAIT = Duration.ofSeconds(10);

	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

	private static final AtomicInteger prefixes = new AtomicInteger();

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

	String prefix;

	ClusterNode a;

	ClusterNode b;

	SocketIOTestClient ca;

	SocketIOTestClient cb;

	/**
	 * Returns the Redis of the test class.
	 * @return the Redis
	 */
	abstract TestRedis redis();

	/**
	 * Tells which protocol the servers speak.
	 * @return {@code true} for sharded pub/sub, {@code false} for the classic protocol
	 */
	abstract boolean sharded();

	/**
	 * Returns the subscription mode of the sharded protocol.
	 * @return {@link SubscriptionMode#DYNAMIC} unless overridden
	 */
	SubscriptionMode mode() {
		return SubscriptionMode.DYNAMIC;
	}

	/**
	 * Creates the adapters of one server.
	 * @param prefix the key prefix of this test
	 * @param requestTimeout the request timeout
	 * @return the adapters
	 */
	RedisAdapterFactory adapters(String prefix, Duration requestTimeout) {
		return sharded() ? redis().sharded(new ShardedOptions(prefix, requestTimeout, mode()))
				: redis().classic(new ClassicOptions(prefix, requestTimeout, false));
	}

	/**
	 * Returns the channel whose subscribers are the servers counted.
	 * @param namespace the namespace
	 * @return the channel
	 */
	String countedChannel(String namespace) {
		return sharded() ? this.prefix + "#" + namespace + "#" : this.prefix + "-request#" + namespace + "#";
	}

	/**
	 * Tells whether a server receives the broadcasts of another in the order they were
	 * sent: not with sharded pub/sub on a Redis Cluster, where the rooms' channels and
	 * the main one may live on different masters (as with the Node adapter).
	 * @return whether the order holds across channels
	 */
	boolean ordered() {
		return !(sharded() && redis().isCluster() && mode() != SubscriptionMode.STATIC);
	}

	/**
	 * Waits until the servers listen to what is published for these rooms (and, in
	 * {@code dynamic-private} mode, for the clients' own rooms), and to the {@code /chat}
	 * namespace; the classic protocol's pattern subscription covers every room at once.
	 * @param rooms the rooms
	 */
	void awaitRoomChannels(String... rooms) {
		if (!sharded()) {
			return;
		}
		List<String> channels = new ArrayList<>();
		if (mode() != SubscriptionMode.STATIC) {
			channels.addAll(List.of(rooms));
		}
		if (mode() == SubscriptionMode.DYNAMIC_PRIVATE) {
			for (SocketIOTestClient client : Arrays.asList(this.ca, this.cb)) {
				if (client != null) {
					channels.add(client.id());
				}
			}
		}
		for (String room : channels) {
			String channel = this.prefix + "#/#" + room + "#";
			await().atMost(WAIT).until(() -> redis().subscribers(true, channel) >= 1);
		}
		// the /chat namespace's main channel, once both servers created it
		await().atMost(WAIT)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> redis().subscribers(true, this.prefix + "#/chat#") == 2);
	}

	/**
	 * Waits until a server receives what the others publish, beyond the subscriptions
	 * counted (the reading loop of the Redis Streams adapter).
	 * @param node the server
	 */
	void awaitReady(ClusterNode node) {
	}

	@BeforeEach
	void startCluster() {
		this.prefix = "it" + prefixes.incrementAndGet();
		this.a = node();
		this.b = node();
		await().atMost(WAIT).until(() -> serverCount(this.a.io()) == 2 && serverCount(this.b.io()) == 2);
		awaitReady(this.a);
		awaitReady(this.b);
		this.ca = client(this.a, "client=cA&rooms=roomA");
		this.cb = client(this.b, "client=cB&rooms=room1,room2");
		// the CONNECT packet goes out before the connection handler joins the rooms
		await().atMost(WAIT)
			.until(() -> inRooms(this.a, this.ca, "roomA") && inRooms(this.b, this.cb, "room1", "room2"));
		awaitRoomChannels("roomA", "room1", "room2");
	}

	@AfterEach
	void stopCluster() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	ClusterNode node() {
		ClusterNode node = ClusterNode.start(adapters(this.prefix, REQUEST_TIMEOUT));
		node.io().onConnection(AbstractRedisClusterTests::setUp);
		node.io().of("/chat").onConnection(AbstractRedisClusterTests::setUp);
		this.closeables.add(node);
		return node;
	}

	private static void setUp(SocketIOSocket socket) {
		List<String> client = socket.handshake().query().get("client");
		socket.data().put("user", (client != null) ? client.get(0) : "?");
		List<String> rooms = socket.handshake().query().get("rooms");
		if (rooms != null) {
			socket.join(Set.of(rooms.get(0).split(",")));
		}
	}

	SocketIOTestClient client(ClusterNode node, String query) {
		SocketIOTestClient socket = SocketIOTestClient.connect(this.http, node.ws(), query);
		this.closeables.add(0, socket);
		return socket;
	}

	static boolean inRooms(ClusterNode node, SocketIOTestClient client, String... rooms) {
		SocketIOSocket socket = node.io().sockets().sockets().get(client.id());
		return socket != null && socket.rooms().containsAll(List.of(rooms));
	}

	static int serverCount(SocketIOServer io) {
		return io.sockets().adapter().serverCount().onErrorReturn(-1).block(WAIT);
	}

	/**
	 * Sends a last broadcast to everyone and waits for it, so that earlier ones have
	 * arrived.
	 */
	void flush() {
		this.a.io().emit("marker");
		this.ca.await("marker");
		this.cb.await("marker");
	}

	@Test
	void serverCountCountsBothServers() {
		assertThat(serverCount(this.a.io())).isEqualTo(2);
		assertThat(serverCount(this.b.io())).isEqualTo(2);
	}

	@Test
	void everyBroadcastFormReachesTheTargetedClientsOfBothServers() {
		SocketIOServer io = this.a.io();
		io.emit("hello", "world", 42, Map.of("a", 1));
		assertThat(this.cb.await("hello").args().toString()).isEqualTo("[\"world\",42,{\"a\":1}]");
		assertThat(this.ca.await("hello").args().toString()).isEqualTo("[\"world\",42,{\"a\":1}]");
		io.to("room1").emit("room-msg", "r1");
		io.to("room1", "room2").emit("rooms-msg", "r12");
		io.except("room1").emit("except-msg");
		io.sockets().sockets().get(this.ca.id()).broadcast().emit("bcast", "from-cA");
		io.to(this.cb.id()).emit("private", "pm");
		io.asVolatile().compress(false).emit("vol", 1);
		io.emit("bin", new byte[] { 1, 2, 3 }, Map.of("nested", new byte[] { 4, 5 }));
		io.local().emit("local-only");
		if (ordered()) {
			flush();
			assertThat(this.cb.received()).containsExactly("hello", "room-msg", "rooms-msg", "bcast", "private", "vol",
					"bin", "marker");
		}
		else {
			await().atMost(WAIT)
				.until(() -> this.cb.received()
					.containsAll(List.of("room-msg", "rooms-msg", "bcast", "private", "vol", "bin")));
			flush();
			assertThat(this.cb.received()).containsExactlyInAnyOrder("hello", "room-msg", "rooms-msg", "bcast",
					"private", "vol", "bin", "marker");
		}
		assertThat(this.ca.received()).containsExactly("hello", "except-msg", "vol", "bin", "local-only", "marker");
		this.b.io().to("roomA").emit("from-b-to-roomA");
		this.ca.await("from-b-to-roomA");
		SocketIOTestClient.Event bin = this.cb.await("bin");
		assertThat(bin.arg(0).binaryValue()).containsExactly(1, 2, 3);
		assertThat(bin.arg(1).get("nested").binaryValue()).containsExactly(4, 5);
	}

	@Test
	void otherNamespacesHaveTheirOwnChannels() {
		this.ca.join("/chat");
		this.cb.join("/chat");
		awaitRoomChannels();
		this.a.io().of("/chat").emit("chat-msg", Map.of("x", 1));
		assertThat(this.cb.await("/chat", "chat-msg").arg(0).get("x").asInt()).isEqualTo(1);
		this.ca.await("/chat", "chat-msg");
		flush();
		assertThat(this.cb.received()).containsExactly("marker");
	}

	@Test
	void broadcastAcknowledgementsCompleteWhenTheClientsOfBothServersAnswered() {
		this.ca.answer("ask", (args) -> List.of("from-cA"));
		this.cb.answer("ask", (args) -> List.of(Map.of("from", "cB"), "ignored"));
		List<Ack> acks = this.a.io().timeout(Duration.ofSeconds(5)).emitWithAck("ask", "question").block(WAIT);
		assertThat(acks).hasSize(2);
		assertThat(acks).extracting(Ack::socketId).containsExactlyInAnyOrder(this.ca.id(), this.cb.id());
		Ack remote = acks.stream().filter((ack) -> ack.socketId().equals(this.cb.id())).findFirst().orElseThrow();
		assertThat(remote.get(0, Map.class)).isEqualTo(Map.of("from", "cB"));
		assertThat(remote.size()).isEqualTo(1);
		assertThat(this.cb.await("ask").args().toString()).isEqualTo("[\"question\"]");
	}

	@Test
	void broadcastAcknowledgementsTimeOutWithThePartialAnswers() {
		this.ca.answer("ask", (args) -> List.of("from-cA"));
		assertThatExceptionOfType(AckTimeoutException.class)
			.isThrownBy(() -> this.a.io().timeout(Duration.ofMillis(1000)).emitWithAck("ask").block(WAIT))
			.satisfies((error) -> {
				assertThat(error.received()).extracting(Ack::socketId).containsExactly(this.ca.id());
				assertThat(error.expected()).isEqualTo(2);
			});
		this.cb.await("ask");
	}

	@Test
	void localBroadcastAcknowledgementsCompleteWithTheAnswersOfThisServersClients() {
		this.ca.answer("ask", (args) -> List.of("from-cA"));
		this.cb.answer("ask", (args) -> List.of("from-cB"));
		List<Ack> acks = this.a.io().local().timeout(Duration.ofSeconds(5)).emitWithAck("ask").block(WAIT);
		assertThat(acks).extracting(Ack::socketId).containsExactly(this.ca.id());
		flush();
		assertThat(this.cb.received()).containsExactly("marker");
	}

	@Test
	void fetchSocketsFindsTheRemoteSocketsWithTheirHandshakeRoomsAndData() {
		List<RemoteSocket> sockets = this.a.io().fetchSockets().block(WAIT);
		assertThat(sockets).extracting(RemoteSocket::id).containsExactlyInAnyOrder(this.ca.id(), this.cb.id());
		RemoteSocket remote = sockets.stream()
			.filter((socket) -> socket.id().equals(this.cb.id()))
			.findFirst()
			.orElseThrow();
		assertThat(remote.rooms()).containsExactlyInAnyOrder(this.cb.id(), "room1", "room2");
		assertThat(remote.data()).containsEntry("user", "cB");
		assertThat(remote.handshake().query().getFirst("client")).isEqualTo("cB");
		assertThat(remote.handshake().url()).contains("client=cB");
		assertThat(this.a.io().in("room1").fetchSockets().block(WAIT)).extracting(RemoteSocket::id)
			.containsExactly(this.cb.id());
		assertThat(this.a.io().local().fetchSockets().block(WAIT)).extracting(RemoteSocket::id)
			.containsExactly(this.ca.id());
	}

	@Test
	void remoteSocketsCanBeSentToJoinedLeftAndDisconnected() {
		RemoteSocket remote = this.a.io()
			.fetchSockets()
			.block(WAIT)
			.stream()
			.filter((socket) -> socket.id().equals(this.cb.id()))
			.findFirst()
			.orElseThrow();
		remote.emit("direct", 1);
		assertThat(this.cb.await("direct").arg(0).asInt()).isEqualTo(1);
		Namespace onB = this.b.io().sockets();
		remote.join("joined-remotely");
		await().atMost(WAIT).until(() -> onB.sockets().get(this.cb.id()).rooms().contains("joined-remotely"));
		remote.leave("joined-remotely");
		await().atMost(WAIT).until(() -> !onB.sockets().get(this.cb.id()).rooms().contains("joined-remotely"));
		remote.disconnect(false);
		await().atMost(WAIT).until(() -> this.cb.disconnectedFrom("/"));
		assertThat(onB.sockets()).isEmpty();
	}

	@Test
	void socketsJoinLeaveAndDisconnectReachEveryServer() {
		Namespace onB = this.b.io().sockets();
		Namespace onA = this.a.io().sockets();
		this.a.io().in("room1").socketsJoin("room9");
		await().atMost(WAIT).until(() -> onB.sockets().get(this.cb.id()).rooms().contains("room9"));
		this.a.io().socketsJoin("everyone");
		await().atMost(WAIT)
			.until(() -> onB.sockets().get(this.cb.id()).rooms().contains("everyone")
					&& onA.sockets().get(this.ca.id()).rooms().contains("everyone"));
		this.a.io().in("room9").socketsLeave("room9");
		await().atMost(WAIT).until(() -> !onB.sockets().get(this.cb.id()).rooms().contains("room9"));
		this.a.io().local().socketsLeave("everyone");
		flush();
		assertThat(onB.sockets().get(this.cb.id()).rooms()).contains("everyone");
		assertThat(onA.sockets().get(this.ca.id()).rooms()).doesNotContain("everyone");
		this.b.io().in("roomA").disconnectSockets(false);
		await().atMost(WAIT).until(() -> this.ca.disconnectedFrom("/"));
		assertThat(this.cb.disconnectedFrom("/")).isFalse();
	}

	@Test
	void serverSideEmitsReachTheOtherServerWithAndWithoutAcknowledgement() {
		List<String> received = new CopyOnWriteArrayList<>();
		this.b.io().sockets().onServerSideEmit("hello", (event) -> received.add(event.args().toString()));
		this.b.io().sockets().onServerSideEmit("question", (event) -> event.ack("answer-from-B"));
		this.a.io().sockets().onServerSideEmit("hello", (event) -> received.add("A must not get its own"));
		this.a.io().serverSideEmit("hello", 1, "two", Map.of("three", 3));
		await().atMost(WAIT).until(() -> received.size() == 1);
		assertThat(received.get(0)).contains("1", "two", "three");
		List<JsonNode> answers = this.a.io().serverSideEmitWithAck(Duration.ofSeconds(5), "question", "q").block(WAIT);
		assertThat(answers).map(JsonNode::asString).containsExactly("answer-from-B");
		assertThat(received).hasSize(1);
	}

	@Test
	void allRoomsGathersTheRoomsOfEveryServer() {
		assertThat(this.a.io().sockets().adapter().allRooms().block(WAIT)).containsExactlyInAnyOrder(this.ca.id(),
				"roomA", this.cb.id(), "room1", "room2");
	}

	@Test
	void requestsTimeOutWhenAServerDoesNotAnswer() {
		LettucePubSubTransport silent = silentPeer();
		this.closeables.add(silent);
		silent.subscribe(countedChannel("/"), (channel, payload) -> {
		}).block(WAIT);
		await().atMost(WAIT).until(() -> serverCount(this.a.io()) == 3);
		this.b.io().sockets().onServerSideEmit("question", (event) -> event.ack("answer-from-B"));
		assertThatExceptionOfType(RequestTimeoutException.class)
			.isThrownBy(() -> this.a.io().fetchSockets().block(WAIT))
			.withMessageContaining("timeout reached");
		assertThatExceptionOfType(RequestTimeoutException.class)
			.isThrownBy(() -> this.a.io().serverSideEmitWithAck(Duration.ofMillis(1000), "question").block(WAIT))
			.withMessage("timeout reached: only 1 responses received out of 2")
			.satisfies((error) -> assertThat(error.received()).hasSize(1));
		this.ca.answer("ask", (args) -> List.of(1));
		this.cb.answer("ask", (args) -> List.of(2));
		assertThatExceptionOfType(AckTimeoutException.class)
			.isThrownBy(() -> this.a.io().timeout(Duration.ofMillis(1000)).emitWithAck("ask").block(WAIT))
			.satisfies((error) -> assertThat(error.received()).hasSize(2));
	}

	/**
	 * Opens a transport of the protocol that answers nothing.
	 * @return the transport
	 */
	LettucePubSubTransport silentPeer() {
		return redis().transport(sharded(), WAIT);
	}

}
