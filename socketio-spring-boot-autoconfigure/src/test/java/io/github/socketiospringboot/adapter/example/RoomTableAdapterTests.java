package io.github.socketiospringboot.adapter.example;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.socketiospringboot.adapter.RoomEvent;
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
 * A server on {@link RoomTableAdapter}, an adapter written from scratch against the
 * public SPI that only names recipients to the namespace, with official
 * {@code socket.io-client} sockets on WebSocket ({@code sio-clients.mjs}): {@code c1} in
 * room {@code r1}, {@code c2} in {@code r2}, {@code c3} in both. Broadcasts reach whom
 * they target, in the order they were made, whether made on an event loop or off it;
 * acknowledgements are collected; room operations and events go through the adapter.
 */
class RoomTableAdapterTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final JsonMapper json = JsonMapper.shared();

	private static final List<RoomEvent> roomEvents = new CopyOnWriteArrayList<>();

	private static SocketIOServer io;

	private static TestEngineServer http;

	@RegisterExtension
	final NodeScripts scripts = NodeScripts.create();

	private NodeProcess clients;

	private String c1;

	private String c2;

	private String c3;

	@BeforeAll
	static void startServer() {
		io = new SocketIOServer(SocketIOOptions.defaults(), json, RoomTableAdapter::new);
		io.sockets().onRoomEvent(roomEvents::add);
		io.onConnection((socket) -> {
			socket.join(Set.of(socket.handshake().query().getFirst("rooms").split(",")));
			// from the client's event loop: recipients of that loop are written to at
			// once, the others handed to theirs
			socket.on("burst", (event) -> {
				int from = event.args().get(0).asInt();
				for (int i = from; i < from + 100; i++) {
					io.emit("seq", i);
				}
				io.emit("burst-done");
			});
		});
		http = TestEngineServer.mount("/socket.io/", EngineAccess.engine(io), CorsOptions.disabled());
	}

	@AfterAll
	static void stopServer() {
		io.close();
		http.close();
	}

	@BeforeEach
	void connectClients() {
		this.clients = this.scripts.withHardTimeout(Duration.ofSeconds(90)).start("sio-clients.mjs");
		this.clients.awaitEvent("ready", Duration.ofSeconds(30));
		this.c1 = connect("c1", "r1");
		this.c2 = connect("c2", "r2");
		this.c3 = connect("c3", "r1,r2");
	}

	@AfterEach
	void disconnectClients() {
		this.scripts.closeAll();
		await().atMost(WAIT).until(() -> io.sockets().sockets().isEmpty());
	}

	@Test
	void broadcastsReachTheTargetedClientsOnce() {
		io.emit("hello", "world", 42, Map.of("a", 1));
		io.to("r1").emit("to-r1");
		io.to("r1", "r2").emit("to-both");
		io.except("r2").emit("except-r2");
		io.to("r2").except("r1").emit("r2-but-r1");
		io.emit("bin", new byte[] { 1, 2, 3 });
		io.emit("marker");
		awaitEvent("c1", "marker");
		awaitEvent("c2", "marker");
		awaitEvent("c3", "marker");
		assertThat(received("c1")).containsExactly("hello", "to-r1", "to-both", "except-r2", "bin", "marker");
		assertThat(received("c2")).containsExactly("hello", "to-both", "r2-but-r1", "bin", "marker");
		assertThat(received("c3")).containsExactly("hello", "to-r1", "to-both", "bin", "marker");
		assertThat(awaitEvent("c2", "hello").get("args").toString()).isEqualTo("[\"world\",42,{\"a\":1}]");
		assertThat(awaitEvent("c3", "bin").get("args").toString()).isEqualTo("[{\"$binary\":\"AQID\"}]");
	}

	@Test
	void broadcastsArriveInTheOrderTheyWereMadeOnAndOffTheEventLoops() {
		for (int i = 0; i < 200; i++) {
			io.emit("seq", i);
		}
		send("c1", "burst", 200);
		for (String client : List.of("c1", "c2", "c3")) {
			awaitEvent(client, "burst-done");
		}
		List<Integer> expected = IntStream.range(0, 300).boxed().toList();
		for (String client : List.of("c1", "c2", "c3")) {
			List<Integer> sequence = new ArrayList<>();
			for (JsonNode event : this.clients.events("event")) {
				if (client.equals(event.path("client").asString("")) && "seq".equals(event.path("name").asString(""))) {
					sequence.add(event.get("args").get(0).asInt());
				}
			}
			assertThat(sequence).as("broadcasts received by %s", client).isEqualTo(expected);
		}
	}

	@Test
	void acknowledgementsOfTheTargetedClientsAreCollected() {
		List<Ack> all = io.timeout(Duration.ofSeconds(5)).emitWithAck("ask", "question").block(WAIT);
		assertThat(all).extracting(Ack::socketId).containsExactlyInAnyOrder(this.c1, this.c2, this.c3);
		assertThat(all).extracting((ack) -> ack.get(0, Map.class))
			.containsExactlyInAnyOrder(Map.of("from", "c1"), Map.of("from", "c2"), Map.of("from", "c3"));
		List<Ack> r2 = io.to("r2").timeout(Duration.ofSeconds(5)).emitWithAck("ask").block(WAIT);
		assertThat(r2).extracting(Ack::socketId).containsExactlyInAnyOrder(this.c2, this.c3);
	}

	@Test
	void roomOperationsAndEventsGoThroughTheAdapter() {
		assertThat(io.in("r1").fetchSockets().block(WAIT)).extracting(RemoteSocket::id)
			.containsExactlyInAnyOrder(this.c1, this.c3);
		roomEvents.clear();
		io.in("r2").socketsJoin("late");
		assertThat(rooms(this.c2)).contains("late");
		assertThat(roomEvents).containsExactlyInAnyOrder(new RoomEvent(RoomEvent.Type.CREATE_ROOM, "late", null),
				new RoomEvent(RoomEvent.Type.JOIN_ROOM, "late", this.c2),
				new RoomEvent(RoomEvent.Type.JOIN_ROOM, "late", this.c3));
		io.to("late").emit("late");
		io.in("r1").disconnectSockets(false);
		assertThat(awaitEvent("c1", "disconnect").get("reason").asString()).isEqualTo("io server disconnect");
		awaitEvent("c3", "disconnect");
		awaitEvent("c2", "late");
		assertThat(received("c2")).containsExactly("late");
		assertThat(io.sockets().adapter().rooms()).containsOnlyKeys(this.c2, "r2", "late");
	}

	// ---- helpers

	private String connect(String name, String rooms) {
		Map<String, Object> command = new LinkedHashMap<>();
		command.put("cmd", "connect");
		command.put("client", name);
		command.put("url", "http://127.0.0.1:" + http.port());
		command.put("nsp", "/");
		command.put("query", Map.of("client", name, "rooms", rooms));
		command.put("answers", Map.of("ask", List.of(Map.of("from", name))));
		this.clients.send(command);
		JsonNode connected = this.clients.await((event) -> name.equals(event.path("client").asString(""))
				&& event.path("event").asString("").equals("connect"), "connection of " + name, WAIT);
		String id = connected.get("id").asString();
		Set<String> expected = Set.of(rooms.split(","));
		await().atMost(WAIT).until(() -> rooms(id).containsAll(expected));
		return id;
	}

	private void send(String client, String event, Object... args) {
		this.clients.send(Map.of("cmd", "emit", "client", client, "event", event, "args", List.of(args)));
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

	private static Set<String> rooms(String id) {
		SocketIOSocket socket = io.sockets().sockets().get(id);
		return (socket != null) ? socket.rooms() : Set.of();
	}

}
