package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.engine.EngineSocket;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.SioClient.Transport;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every way a socket leaves its namespace, as the official {@code socket.io-client} and
 * our server each tell it: the server's {@code disconnect()} and
 * {@code disconnect(true)}, the client's {@code disconnect()}, the server closing, the
 * client process killed, and a client that stops answering pings. Every socket joins the
 * room {@code lobby} on connection; the {@code disconnecting} listener must still see it.
 */
class DisconnectInteropTests {

	private static final Duration TIMEOUT = Peer.TIMEOUT;

	private static TestSocketIOServer shared;

	private static final Map<String, Seen> disconnecting = new ConcurrentHashMap<>();

	private static final Map<String, Seen> disconnected = new ConcurrentHashMap<>();

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	@BeforeAll
	static void start() {
		shared = start(SocketIOOptions.defaults());
	}

	@AfterAll
	static void stop() {
		shared.close();
	}

	private static TestSocketIOServer start(SocketIOOptions options) {
		TestSocketIOServer server = TestSocketIOServer.start(options);
		for (Namespace namespace : List.of(server.io().sockets(), server.io().of("/other"))) {
			namespace.onConnection((socket) -> {
				socket.join("lobby");
				socket.onDisconnecting((leaving, reason) -> disconnecting.put(leaving.id(), Seen.of(leaving, reason)));
				socket.onDisconnect((left, reason) -> disconnected.put(left.id(), Seen.of(left, reason)));
			});
		}
		return server;
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aServerDisconnectIsIoServerDisconnectOnTheClientAndServerNamespaceDisconnectOnTheServer(Transport transport) {
		Peer peer = connect(shared, transport).get(0);
		peer.on(shared.io()).disconnect();
		assertThat(peer.client().awaitReport("disconnect", "/", TIMEOUT).get("reason").asString())
			.isEqualTo("io server disconnect");
		assertServerSaw(peer, DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aClientDisconnectIsIoClientDisconnectOnTheClientAndClientNamespaceDisconnectOnTheServer(Transport transport) {
		Peer peer = connect(shared, transport).get(0);
		peer.client().disconnect("/");
		assertThat(peer.client().awaitReport("disconnect", "/", TIMEOUT).get("reason").asString())
			.isEqualTo("io client disconnect");
		assertServerSaw(peer, DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aServerDisconnectWithCloseDisconnectsEveryNamespaceOfTheConnectionAndClosesIt(Transport transport) {
		Peer main = connect(shared, transport).get(0);
		Peer other = inLobby(shared, main.also("/other", transport));
		EngineSocket connection = ((DefaultSocket) main.on(shared.io())).client().connection();
		main.on(shared.io()).disconnect(true);
		for (Peer peer : List.of(main, other)) {
			assertThat(peer.client().awaitReport("disconnect", peer.socket(), TIMEOUT).get("reason").asString())
				.as(peer.socket())
				.isEqualTo("io server disconnect");
			assertServerSaw(peer, DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
		}
		await().atMost(TIMEOUT).until(() -> !connection.isOpen());
		main.client().awaitReport("close", "/", TIMEOUT);
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void aKilledClientIsATransportCloseOrErrorOnTheServerAsInTheReference(Transport transport) {
		List<Peer> peers = connect(shared, transport, transport);
		if (transport == Transport.UPGRADED) {
			peers.get(0).client().awaitReport("upgrade", "/", TIMEOUT);
		}
		// a polling client killed between two GETs would be noticed at the next ping
		// timeout only: kill it while its GET is pending
		EngineSocket connection = ((DefaultSocket) peers.get(0).on(shared.io())).client().connection();
		await().atMost(TIMEOUT).until(connection::isWritable);
		peers.get(0).client().process().close();
		// as in the reference: a WebSocket that closes is a transport close, a pending
		// GET whose connection closes a transport error
		assertServerSaw(peers.get(0),
				(transport == Transport.POLLING) ? DisconnectReason.TRANSPORT_ERROR : DisconnectReason.TRANSPORT_CLOSE);
		assertThat(disconnected).doesNotContainKey(peers.get(1).id());
		shared.io().emit("still", "here");
		peers.get(1).client().awaitEvent("/", "still", TIMEOUT);
	}

	@Test
	void closingTheServerDisconnectsEverySocketWithServerShuttingDown() {
		TestSocketIOServer server = start(SocketIOOptions.defaults());
		try {
			List<Peer> peers = connect(server, Transport.values());
			Peer other = inLobby(server, peers.get(0).also("/other", Transport.UPGRADED));
			peers.get(0).client().awaitReport("upgrade", "/", TIMEOUT);
			// a polling client gets the close packet in answer to its pending GET; one
			// that polled only after the close would be answered 400, a transport error
			for (Peer peer : peers) {
				EngineSocket connection = ((DefaultSocket) peer.on(server.io())).client().connection();
				await().atMost(TIMEOUT).until(connection::isWritable);
			}
			server.io().close();
			for (Peer peer : List.of(peers.get(0), peers.get(1), peers.get(2), other)) {
				assertServerSaw(peer, DisconnectReason.SERVER_SHUTTING_DOWN);
				assertThat(peer.client().awaitReport("disconnect", peer.socket(), TIMEOUT).get("reason").asString())
					.as(peer.name())
					.isEqualTo("transport close");
			}
			assertThat(EngineAccess.engine(server.io()).sessionCount()).isZero();
		}
		finally {
			server.close();
		}
	}

	@Test
	void aClientThatStopsAnsweringPingsIsAPingTimeoutOnTheServer() {
		TestSocketIOServer server = start(SocketIOOptions.builder()
			.pingInterval(Duration.ofMillis(300))
			// generous for the client that keeps answering on a busy machine
			.pingTimeout(Duration.ofMillis(1000))
			.build());
		try {
			List<Peer> peers = connect(server, Transport.WEBSOCKET, Transport.POLLING, Transport.UPGRADED,
					Transport.WEBSOCKET);
			peers.get(2).client().awaitReport("upgrade", "/", TIMEOUT);
			List<Peer> silent = peers.subList(0, 3);
			for (Peer peer : silent) {
				peer.client().stopPongs("/");
			}
			for (Peer peer : silent) {
				assertServerSaw(peer, DisconnectReason.PING_TIMEOUT);
				assertThat(peer.client().awaitReport("disconnect", "/", TIMEOUT).get("reason").asString())
					.as(peer.name())
					.isEqualTo("transport close");
			}
			Peer answering = peers.get(3);
			server.io().emit("still", "here");
			answering.client().awaitEvent("/", "still", TIMEOUT);
			assertThat(disconnected).doesNotContainKey(answering.id());
			assertThat(answering.client().reports("disconnect", "/")).isEmpty();
		}
		finally {
			server.close();
		}
	}

	@Test
	void aSocketLeavingOneNamespaceLeavesTheOthersConnected() {
		Peer main = connect(shared, Transport.WEBSOCKET).get(0);
		Peer other = inLobby(shared, main.also("/other", Transport.WEBSOCKET));
		other.on(shared.io()).disconnect();
		assertThat(other.client().awaitReport("disconnect", "/other", TIMEOUT).get("reason").asString())
			.isEqualTo("io server disconnect");
		assertServerSaw(other, DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
		shared.io().emit("still", "here");
		main.client().awaitEvent("/", "still", TIMEOUT);
		assertThat(main.on(shared.io()).connected()).isTrue();
		assertThat(main.client().reports("close", "/")).isEmpty();
	}

	/**
	 * Connects one client per transport to the main namespace, and awaits their
	 * connection handlers.
	 */
	private List<Peer> connect(TestSocketIOServer server, Transport... transports) {
		List<Peer> peers = Peer.connect(this.node, server.url(), "/", transports);
		peers.forEach((peer) -> inLobby(server, peer));
		return peers;
	}

	/** Awaits the connection handler: the client may see its connection before it ran. */
	private static Peer inLobby(TestSocketIOServer server, Peer peer) {
		await().atMost(TIMEOUT).until(() -> peer.on(server.io()).rooms().contains("lobby"));
		return peer;
	}

	/**
	 * Asserts that the server told both listeners of the socket's departure for this
	 * reason, with the socket still in its rooms when disconnecting and in none after.
	 */
	private static void assertServerSaw(Peer peer, DisconnectReason reason) {
		await().atMost(TIMEOUT).until(() -> disconnected.containsKey(peer.id()));
		assertThat(disconnecting.get(peer.id())).as("disconnecting " + peer.name())
			.isEqualTo(new Seen(reason, Set.of(peer.id(), "lobby")));
		assertThat(disconnected.get(peer.id())).as("disconnect " + peer.name()).isEqualTo(new Seen(reason, Set.of()));
	}

	/** A disconnect listener's call: the reason, and the socket's rooms then. */
	record Seen(DisconnectReason reason, Set<String> rooms) {

		static Seen of(SocketIOSocket socket, DisconnectReason reason) {
			return new Seen(reason, Set.copyOf(socket.rooms()));
		}

	}

}
