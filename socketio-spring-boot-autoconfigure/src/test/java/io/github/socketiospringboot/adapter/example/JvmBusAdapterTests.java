package io.github.socketiospringboot.adapter.example;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketiospringboot.adapter.cluster.ClusterMessage;
import io.github.socketiospringboot.adapter.cluster.ClusterObserver;
import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.server.SocketIOSocket;
import io.github.socketiospringboot.test.NodeProcess;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.TestEngineServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two {@link SocketIOServer}s in one JVM on {@link JvmBus}, an adapter written against
 * the public cluster SPI only, with official {@code socket.io-client} sockets on both
 * ({@code sio-clients.mjs}): {@code c1} on server one (room {@code r1}), {@code c2} on
 * server two (room {@code r2}), both in {@code shared}. What {@code ClusterAdapter} does
 * for its subclasses crosses: broadcasts, rooms, acknowledgements, fetchSockets, room
 * changes, server-side emits with answers; and its observer sees the traffic.
 */
class JvmBusAdapterTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final JsonMapper json = JsonMapper.shared();

	private static final Recorder observed = new Recorder();

	private static JvmBus bus;

	private static Server one;

	private static Server two;

	@RegisterExtension
	final NodeScripts scripts = NodeScripts.create();

	private NodeProcess clients;

	private String c1;

	private String c2;

	@BeforeAll
	static void startServers() {
		bus = new JvmBus();
		one = new Server(bus);
		two = new Server(bus);
		await().atMost(WAIT).until(() -> serverCount(one) == 2 && serverCount(two) == 2);
	}

	@AfterAll
	static void stopServers() throws InterruptedException {
		one.close();
		two.close();
		bus.close();
	}

	@BeforeEach
	void connectClients() {
		this.clients = this.scripts.withHardTimeout(Duration.ofSeconds(90)).start("sio-clients.mjs");
		this.clients.awaitEvent("ready", Duration.ofSeconds(30));
		this.c1 = connect("c1", one, "r1,shared");
		this.c2 = connect("c2", two, "r2,shared");
	}

	@AfterEach
	void disconnectClients() {
		this.scripts.closeAll();
		await().atMost(WAIT).until(() -> one.io.sockets().sockets().isEmpty() && two.io.sockets().sockets().isEmpty());
	}

	@Test
	void broadcastsReachTheTargetedClientsOfBothServers() {
		one.io.emit("hello", "world", 42, Map.of("a", 1));
		one.io.to("r2").emit("to-r2");
		one.io.to("shared").except("r1").emit("shared-but-r1");
		one.io.emit("bin", new byte[] { 1, 2, 3 });
		one.io.local().emit("local-only");
		one.io.emit("marker");
		awaitEvent("c1", "marker");
		awaitEvent("c2", "marker");
		assertThat(received("c2")).containsExactly("hello", "to-r2", "shared-but-r1", "bin", "marker");
		assertThat(received("c1")).containsExactly("hello", "bin", "local-only", "marker");
		assertThat(awaitEvent("c2", "hello").get("args").toString()).isEqualTo("[\"world\",42,{\"a\":1}]");
		assertThat(awaitEvent("c2", "bin").get("args").toString()).isEqualTo("[{\"$binary\":\"AQID\"}]");
	}

	@Test
	void acknowledgementsOfTheClientsOfBothServersAreCollected() {
		List<Ack> acks = one.io.timeout(Duration.ofSeconds(5)).emitWithAck("ask", "question").block(WAIT);
		assertThat(acks).extracting(Ack::socketId).containsExactlyInAnyOrder(this.c1, this.c2);
		assertThat(acks).extracting((ack) -> ack.get(0, Map.class))
			.containsExactlyInAnyOrder(Map.of("from", "c1"), Map.of("from", "c2"));
	}

	@Test
	void fetchSocketsFindsTheSocketsOfBothServersAndRoomChangesReachThem() {
		List<RemoteSocket> sockets = one.io.fetchSockets().block(WAIT);
		assertThat(sockets).extracting(RemoteSocket::id).containsExactlyInAnyOrder(this.c1, this.c2);
		RemoteSocket remote = sockets.stream()
			.filter((socket) -> socket.id().equals(this.c2))
			.findFirst()
			.orElseThrow();
		assertThat(remote.rooms()).containsExactlyInAnyOrder(this.c2, "r2", "shared");
		assertThat(remote.data()).containsEntry("user", "c2");
		assertThat(one.io.in("r2").fetchSockets().block(WAIT)).extracting(RemoteSocket::id).containsExactly(this.c2);
		one.io.in("shared").socketsJoin("joined");
		await().atMost(WAIT)
			.until(() -> rooms(two, this.c2).contains("joined") && rooms(one, this.c1).contains("joined"));
		assertThat(one.io.sockets().adapter().allRooms().block(WAIT)).contains("r1", "r2", "shared", "joined");
		two.io.in("r1").disconnectSockets(false);
		awaitEvent("c1", "disconnect");
	}

	@Test
	void serverSideEmitsAreAnsweredByTheOtherServer() {
		List<String> heard = new CopyOnWriteArrayList<>();
		two.io.sockets().onServerSideEmit("note", (event) -> heard.add("note " + event.args()));
		two.io.sockets().onServerSideEmit("question", (event) -> event.ack(Map.of("answer", 42)));
		one.io.serverSideEmit("note", 1, "two");
		List<JsonNode> answers = one.io.serverSideEmitWithAck(Duration.ofSeconds(5), "question", "q").block(WAIT);
		assertThat(answers).map(JsonNode::toString).containsExactly("{\"answer\":42}");
		await().atMost(WAIT).until(() -> heard.size() == 1);
		assertThat(heard).containsExactly("note [1, \"two\"]");
	}

	@Test
	void theObserverSeesPublicationsRequestsAndTheServerCount() {
		observed.clear();
		one.io.emit("observed");
		one.io.fetchSockets().block(WAIT);
		await().atMost(WAIT).until(() -> observed.requests.size() == 1);
		assertThat(observed.published).contains("Broadcast", "FetchSockets");
		assertThat(observed.requests).containsExactly("FetchSockets ok");
		assertThat(observed.serverCounts).contains(2);
		assertThat(observed.failures).isEmpty();
	}

	// ---- helpers

	private String connect(String name, Server server, String rooms) {
		Map<String, Object> command = new LinkedHashMap<>();
		command.put("cmd", "connect");
		command.put("client", name);
		command.put("url", server.url());
		command.put("nsp", "/");
		command.put("query", Map.of("client", name, "rooms", rooms));
		command.put("answers", Map.of("ask", List.of(Map.of("from", name))));
		this.clients.send(command);
		JsonNode connected = this.clients.await((event) -> name.equals(event.path("client").asString(""))
				&& event.path("event").asString("").equals("connect"), "connection of " + name, WAIT);
		String id = connected.get("id").asString();
		Set<String> expected = Set.of(rooms.split(","));
		await().atMost(WAIT).until(() -> rooms(server, id).containsAll(expected));
		return id;
	}

	private JsonNode awaitEvent(String client, String name) {
		return this.clients.await((event) -> client.equals(event.path("client").asString(""))
				&& (name.equals(event.path("name").asString("")) || name.equals(event.path("event").asString(""))),
				"'" + name + "' of " + client, WAIT);
	}

	private List<String> received(String client) {
		List<String> names = new ArrayList<>();
		for (JsonNode event : this.clients.events("event")) {
			if (client.equals(event.path("client").asString(""))) {
				names.add(event.path("name").asString(""));
			}
		}
		return names;
	}

	private static Set<String> rooms(Server server, String id) {
		SocketIOSocket socket = server.io.sockets().sockets().get(id);
		return (socket != null) ? socket.rooms() : Set.of();
	}

	private static int serverCount(Server server) {
		return server.io.sockets().adapter().serverCount().block(WAIT);
	}

	/**
	 * One server of the test, served on a free loopback port.
	 */
	private static final class Server {

		final SocketIOServer io;

		final TestEngineServer http;

		Server(JvmBus bus) {
			this.io = new SocketIOServer(SocketIOOptions.defaults(), json, bus.adapters(observed));
			this.io.onConnection((socket) -> {
				socket.data().put("user", socket.handshake().query().getFirst("client"));
				socket.join(Set.of(socket.handshake().query().getFirst("rooms").split(",")));
			});
			this.http = TestEngineServer.mount("/socket.io/", EngineAccess.engine(this.io), CorsOptions.disabled());
		}

		String url() {
			return "http://127.0.0.1:" + this.http.port();
		}

		void close() {
			this.io.close();
			this.http.close();
		}

	}

	/**
	 * Records what the observer is told.
	 */
	private static final class Recorder implements ClusterObserver {

		final List<String> published = new CopyOnWriteArrayList<>();

		final List<String> failures = new CopyOnWriteArrayList<>();

		final List<String> requests = new CopyOnWriteArrayList<>();

		final List<Integer> serverCounts = new CopyOnWriteArrayList<>();

		void clear() {
			this.published.clear();
			this.failures.clear();
			this.requests.clear();
			this.serverCounts.clear();
		}

		@Override
		public void onPublished(ClusterMessage message) {
			this.published.add(message.getClass().getSimpleName());
		}

		@Override
		public void onPublicationFailed(ClusterMessage message, Throwable error) {
			this.failures.add(message.getClass().getSimpleName() + " " + error);
		}

		@Override
		public void onRequestEnded(ClusterMessage request, Duration latency, @Nullable Throwable error) {
			this.requests.add(request.getClass().getSimpleName() + ((error != null) ? " " + error : " ok"));
		}

		@Override
		public void onServerCount(String namespace, int count) {
			this.serverCounts.add(count);
		}

	}

}
