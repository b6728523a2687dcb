package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketiospringboot.test.RawWebSocket;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reason each way of leaving a namespace gives the socket's disconnect listeners, and
 * what the client sees on the wire (protocol.md §3.5).
 */
class DisconnectReasonTests {

	private final Map<String, CompletableFuture<DisconnectReason>> reasons = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<Set<String>>> roomsWhileDisconnecting = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<Set<String>>> roomsAfterDisconnect = new ConcurrentHashMap<>();

	private TestSocketIOServer server;

	private TestSocketIOServer start(SocketIOOptions options) {
		this.server = TestSocketIOServer.start(options);
		ConnectionHandler recorder = (socket) -> {
			String namespace = socket.namespace().name();
			socket.join("lobby");
			socket.onDisconnecting(
					(left, reason) -> future(this.roomsWhileDisconnecting, namespace).complete(left.rooms()));
			socket.onDisconnect((left, reason) -> {
				future(this.roomsAfterDisconnect, namespace).complete(left.rooms());
				future(this.reasons, namespace).complete(reason);
			});
			socket.on("message", (event) -> socket.emit("message-back", event.args().toArray()));
			socket.on("leave", (event) -> socket.disconnect());
			socket.on("close", (event) -> socket.disconnect(true));
			// tells the client that the listeners are in place: the CONNECT answer is
			// sent
			// before the connection handlers run
			socket.emit("ready");
		};
		this.server.io().onConnection(recorder);
		this.server.io().of("/custom").onConnection(recorder);
		return this.server;
	}

	private TestSocketIOServer start() {
		return start(SocketIOOptions.defaults());
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.close();
		}
	}

	private static <T> CompletableFuture<T> future(Map<String, CompletableFuture<T>> map, String namespace) {
		return map.computeIfAbsent(namespace, (key) -> new CompletableFuture<>());
	}

	private DisconnectReason reason(String namespace) {
		return RawWebSocket.await(future(this.reasons, namespace), "disconnect of " + namespace);
	}

	/**
	 * Connects to {@code /} and {@code /custom}.
	 */
	private static RawWebSocket connectBoth(TestSocketIOServer server) {
		RawWebSocket ws = RawWebSocket.connect(server, 1);
		ws.send("40/custom,");
		assertThat(ws.nextPacket()).startsWith("40/custom,{");
		assertThat(ws.nextPacket()).isEqualTo("42/custom,[\"ready\"]");
		return ws;
	}

	@Test
	void clientDisconnectIsAClientNamespaceDisconnectThatTheServerDoesNotAnswer() {
		try (RawWebSocket ws = RawWebSocket.connect(start(), 1)) {
			ws.send("41");
			assertThat(reason("/")).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
			assertThat(reason("/").reason()).isEqualTo("client namespace disconnect");
			// nothing was sent in between, and the connection still carries packets
			ws.send("40/custom,");
			assertThat(ws.nextPacket()).startsWith("40/custom,{");
		}
	}

	@Test
	void disconnectingListenersStillSeeTheRoomsAndDisconnectListenersNoLonger() {
		try (RawWebSocket ws = RawWebSocket.openSession(start())) {
			ws.send("40");
			String id = RawWebSocket.json(ws.nextPacket().substring(2)).get("sid").stringValue();
			assertThat(ws.nextPacket()).isEqualTo("42[\"ready\"]");
			ws.send("41");
			assertThat(RawWebSocket.await(future(this.roomsWhileDisconnecting, "/"), "disconnecting"))
				.containsExactlyInAnyOrder(id, "lobby");
			assertThat(RawWebSocket.await(future(this.roomsAfterDisconnect, "/"), "disconnect")).isEmpty();
			assertThat(this.server.io().sockets().adapter().rooms()).doesNotContainKeys(id, "lobby");
		}
	}

	@Test
	void serverDisconnectSendsADisconnectPacketAndKeepsTheConnection() {
		try (RawWebSocket ws = RawWebSocket.connect(start(), 1)) {
			ws.send("42[\"leave\"]");
			assertThat(ws.nextPacket()).isEqualTo("41");
			assertThat(reason("/")).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
			ws.send("40");
			assertThat(ws.nextPacket()).startsWith("40{");
		}
	}

	@Test
	void serverDisconnectOfOneNamespaceLeavesTheOthers() {
		try (RawWebSocket ws = connectBoth(start())) {
			ws.send("42/custom,[\"leave\"]");
			assertThat(ws.nextPacket()).isEqualTo("41/custom,");
			assertThat(reason("/custom")).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
			ws.send("42[\"message\",1]");
			assertThat(ws.nextPacket()).isEqualTo("42[\"message-back\",1]");
			assertThat(this.reasons).doesNotContainKey("/");
		}
	}

	@Test
	void serverDisconnectWithCloseSendsADisconnectPacketPerNamespaceThenCloses() {
		try (RawWebSocket ws = connectBoth(start())) {
			ws.send("42[\"close\"]");
			assertThat(new String[] { ws.nextPacket(), ws.nextPacket() }).containsExactlyInAnyOrder("41", "41/custom,");
			ws.awaitClosed();
			assertThat(reason("/")).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
			assertThat(reason("/custom")).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
		}
	}

	@Test
	void closingTheServerIsAServerShutdown() {
		try (RawWebSocket ws = connectBoth(start())) {
			this.server.io().close();
			ws.awaitClosed();
			assertThat(reason("/")).isEqualTo(DisconnectReason.SERVER_SHUTTING_DOWN);
			assertThat(reason("/custom")).isEqualTo(DisconnectReason.SERVER_SHUTTING_DOWN);
		}
	}

	@Test
	void closingTheWebSocketIsATransportClose() {
		RawWebSocket ws = connectBoth(start());
		ws.close();
		assertThat(reason("/")).isEqualTo(DisconnectReason.TRANSPORT_CLOSE);
		assertThat(reason("/custom")).isEqualTo(DisconnectReason.TRANSPORT_CLOSE);
		assertThat(reason("/").reason()).isEqualTo("transport close");
	}

	@Test
	void missingPongIsAPingTimeout() {
		// a short heartbeat, with a client that never answers; the first ping comes late
		// enough for the CONNECT to be answered even on a busy machine
		SocketIOOptions options = SocketIOOptions.builder()
			.pingInterval(Duration.ofMillis(600))
			.pingTimeout(Duration.ofMillis(200))
			.build();
		try (RawWebSocket ws = RawWebSocket.open(start(options).ws("EIO=4&transport=websocket"), false)) {
			assertThat(ws.nextText()).startsWith("0");
			ws.send("40");
			assertThat(ws.nextPacket()).startsWith("40{");
			ws.awaitClosed();
			assertThat(reason("/")).isEqualTo(DisconnectReason.PING_TIMEOUT);
		}
	}

	@Test
	void invalidPacketIsAForcedClose() {
		try (RawWebSocket ws = connectBoth(start())) {
			ws.send("4abc");
			ws.awaitClosed();
			assertThat(reason("/")).isEqualTo(DisconnectReason.FORCED_CLOSE);
			assertThat(reason("/custom")).isEqualTo(DisconnectReason.FORCED_CLOSE);
		}
	}

}
