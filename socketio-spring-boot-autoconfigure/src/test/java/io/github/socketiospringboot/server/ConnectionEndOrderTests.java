package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.adapter.ConnectionStateRecovery;
import io.github.socketiospringboot.adapter.InMemoryAdapter;
import io.github.socketiospringboot.adapter.RoomEvent;
import io.github.socketiospringboot.adapter.example.RoomTableAdapter;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connection can end, on an event loop, while another thread is half-way through
 * something about one of its sockets; whatever the order, the socket ends the way the
 * reference's single thread would have it end. The connection here ends at the earliest
 * moment its close can reach the server ({@link ScriptedConnection}): the order of a real
 * client on a busy machine, made certain.
 * <ul>
 * <li>A socket the server disconnects tells its client only once it is leaving: the
 * client's answer, closing the connection, is not taken for a lost connection, which
 * connection state recovery would keep a session for.</li>
 * <li>A socket whose middlewares let it in as its connection ends is not attached to the
 * ended connection: it would stay in its namespace with nobody behind it, and its
 * connection handlers would run for it.</li>
 * <li>A room joined as the connection ends is left with the others: it would keep the
 * gone socket in the adapter, a recipient of every broadcast to it; also when the end
 * falls between the two records of the join in the adapter (the socket's rooms, then the
 * room's members).</li>
 * <li>Two connects to one namespace that both pass the middlewares give two sockets, as
 * in the reference; the end of the connection reaches both.</li>
 * <li>A broadcast handed to a connection's loop (from an application thread, or a cluster
 * adapter's for another server) before the server disconnects the socket from another
 * thread reaches the client before the DISCONNECT packet, as
 * {@code io.to(room).emit(...)} then {@code io.in(room).disconnectSockets()} do in the
 * reference; nothing reaches a socket after it left in the loop's order.</li>
 * </ul>
 */
class ConnectionEndOrderTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static TestSocketIOServer server;

	private static final Map<String, DisconnectReason> reasons = new ConcurrentHashMap<>();

	private static final Map<String, SocketIOSocket> sockets = new ConcurrentHashMap<>();

	/** The sockets of the guarded namespace its connection handler saw. */
	private static final Queue<SocketIOSocket> guardedConnections = new ConcurrentLinkedQueue<>();

	/** What the middleware of the slow namespace waits for. */
	private static volatile Sinks.Empty<Void> slowGate = Sinks.empty();

	/** The connection that ends once the guarded namespace's middleware has run. */
	private static volatile @Nullable ScriptedConnection closing;

	@BeforeAll
	static void start() {
		server = TestSocketIOServer
			.start(SocketIOOptions.builder().connectionStateRecovery(ConnectionStateRecovery.ENABLED).build());
		server.io().sockets().onConnection((socket) -> {
			socket.onDisconnect((left, reason) -> reasons.put(left.id(), reason));
			sockets.put(socket.id(), socket);
		});
		Namespace guarded = server.io().of("/guarded");
		guarded.use((socket) -> {
			ScriptedConnection connection = closing;
			if (connection != null) {
				closing = null;
				connection.closeAtNextOpenCheck();
			}
			return Mono.empty();
		});
		guarded.onConnection(guardedConnections::add);
		server.io().of("/slow").use((socket) -> slowGate.asMono());
		Namespace farewell = server.io().of("/farewell");
		farewell.onConnection((socket) -> socket
			.onDisconnecting((leaving, reason) -> farewell.to(leaving.id()).emit("farewell-event")));
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void theClientClosingAsItHearsOfTheDisconnectionLeavesNoSessionToRecover() {
		ScriptedConnection connection = ScriptedConnection.open(server.io());
		connection.closeOnSending("41");
		connection.client().onMessage("0");
		await().atMost(TIMEOUT).until(() -> connection.sent.stream().anyMatch((text) -> text.startsWith("40")));
		String id = socketOf(connection.client(), sockets);

		sockets.get(id).disconnect();

		assertThat(connection.sent).contains("41");
		assertThat(reasons.get(id)).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
		InMemoryAdapter adapter = (InMemoryAdapter) server.io().sockets().adapter();
		assertThat(adapter.storedSessionCount()).isZero();
	}

	@Test
	void aConnectionThatEndsAsTheMiddlewaresFinishLeavesNoSocketBehind() {
		ScriptedConnection connection = ScriptedConnection.open(server.io());
		// the connection ends right after the check that the middlewares' end makes
		closing = connection;
		connection.client().onMessage("0/guarded,");
		assertThat(connection.isOpen()).isFalse();
		assertThat(server.io().of("/guarded").sockets()).isEmpty();
		assertThat(guardedConnections).isEmpty();
		assertThat(connection.sent).noneMatch((text) -> text.startsWith("40/guarded"));
	}

	@Test
	void aJoinThatMeetsTheEndOfTheConnectionLeavesNoRoomBehind() {
		AtomicReference<ScriptedConnection> endOnJoin = new AtomicReference<>();
		// the connection ends the moment the adapter is asked to add the room
		AdapterFactory adapters = (namespace) -> new InMemoryAdapter(namespace) {

			@Override
			public void addAll(String socketId, Set<String> rooms) {
				ScriptedConnection connection = endOnJoin.getAndSet(null);
				if (connection != null) {
					connection.end();
				}
				super.addAll(socketId, rooms);
			}

		};
		SocketIOServer io = new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared(), adapters);
		try {
			ScriptedConnection connection = ScriptedConnection.open(io);
			connection.client().onMessage("0");
			SocketIOSocket socket = io.sockets().sockets().values().iterator().next();
			endOnJoin.set(connection);

			socket.join("late");

			InMemoryAdapter adapter = (InMemoryAdapter) io.sockets().adapter();
			assertThat(adapter.socketRooms(socket.id())).isEmpty();
			assertThat(adapter.rooms()).doesNotContainKey("late").doesNotContainKey(socket.id());
			assertThat(io.sockets().sockets()).isEmpty();
		}
		finally {
			io.close();
		}
	}

	@Test
	void aJoinThatTheEndOfTheConnectionCutsInTwoLeavesNoMemberBehind() {
		// an adapter that records a join in the socket's rooms, then tells its listeners
		// that the room was created, then adds the member: the end of the connection
		// comes in between, when the socket's rooms name the room and the room does not
		// name the socket yet
		AtomicReference<ScriptedConnection> endOnCreate = new AtomicReference<>();
		SocketIOServer io = new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared(), (namespace) -> {
			RoomTableAdapter adapter = new RoomTableAdapter(namespace);
			adapter.addRoomListener((event) -> {
				ScriptedConnection connection = endOnCreate.get();
				if (event.type() == RoomEvent.Type.CREATE_ROOM && event.room().equals("late") && connection != null
						&& endOnCreate.compareAndSet(connection, null)) {
					connection.end();
				}
			});
			return adapter;
		});
		try {
			ScriptedConnection connection = ScriptedConnection.open(io);
			connection.client().onMessage("0");
			SocketIOSocket socket = io.sockets().sockets().values().iterator().next();
			endOnCreate.set(connection);

			socket.join("late");

			assertThat(endOnCreate.get()).isNull();
			assertThat(io.sockets().sockets()).isEmpty();
			assertThat(io.sockets().adapter().socketRooms(socket.id())).isEmpty();
			assertThat(io.sockets().adapter().rooms()).doesNotContainKey("late").doesNotContainKey(socket.id());
		}
		finally {
			io.close();
		}
	}

	@Test
	void aBroadcastThatChoseTheSocketBeforeTheServerDisconnectedItArrivesBeforeTheDisconnection() {
		ScriptedConnection connection = connectOnLoop("");
		String id = socketOf(connection.client(), sockets);

		// an application thread (or a cluster adapter's, for another server's
		// io.to(room).emit then io.in(room).disconnectSockets()): the broadcast is handed
		// to the connection's loop, the disconnection follows it there
		server.io().to(id).emit("bye");
		sockets.get(id).disconnect();
		assertThat(connection.sent).noneMatch((text) -> text.contains("bye") || text.equals("41"));
		connection.loop().runPending();

		// (the event carries its offset for connection state recovery)
		assertThat(connection.sent).map((text) -> text.startsWith("42[\"bye\"") ? "bye" : text)
			.containsSubsequence("bye", "41");
		assertThat(reasons.get(id)).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
	}

	/**
	 * Nothing is written for a socket after it left in the order of its connection's
	 * loop: the client has left the namespace, and if it joined the namespace again on
	 * the same connection, it would take such an event, arriving before its new CONNECT
	 * answer, for one of its new socket's.
	 */
	@Test
	void aBroadcastThatMeetsTheSocketAfterItLeftInTheLoopsOrderDoesNotReachIt() {
		ScriptedConnection connection = connectOnLoop("/farewell");
		SocketIOSocket socket = server.io().of("/farewell").sockets().values().iterator().next();

		// its disconnecting listener broadcasts to it: the socket, leaving, is still in
		// its rooms, but its DISCONNECT packet is on the way before
		socket.disconnect();
		connection.loop().runPending();

		assertThat(connection.sent).contains("41/farewell,").noneMatch((text) -> text.contains("farewell-event"));

		// the client's DISCONNECT is read on the loop before a broadcast handed over
		// earlier runs there: in the loop's order the socket left first
		ScriptedConnection second = connectOnLoop("/farewell");
		SocketIOSocket other = server.io()
			.of("/farewell")
			.sockets()
			.values()
			.stream()
			.filter((candidate) -> ((DefaultSocket) candidate).client() == second.client())
			.findFirst()
			.orElseThrow();
		server.io().of("/farewell").to(other.id()).emit("before");
		second.loop().runOnLoop(() -> second.client().onMessage("1/farewell,"));
		second.loop().runPending();
		assertThat(second.sent).noneMatch((text) -> text.contains("before") || text.contains("farewell-event"));
	}

	/**
	 * Connects a client to a namespace over a connection whose writes go through a loop,
	 * its reads on that loop.
	 */
	private static ScriptedConnection connectOnLoop(String namespace) {
		ScriptedConnection connection = ScriptedConnection.openOnLoop(server.io());
		connection.loop()
			.runOnLoop(() -> connection.client().onMessage("0" + namespace + (namespace.isEmpty() ? "" : ",")));
		String connected = "40" + namespace + (namespace.isEmpty() ? "" : ",");
		await().atMost(TIMEOUT).until(() -> {
			connection.loop().runPending();
			return connection.sent.stream().anyMatch((text) -> text.startsWith(connected));
		});
		return connection;
	}

	@Test
	void twoConnectsToOneNamespaceBothLeaveWithTheConnection() {
		ScriptedConnection connection = ScriptedConnection.open(server.io());
		// both connects wait in the middleware, as behind a slow lookup
		Sinks.Empty<Void> gate = Sinks.empty();
		slowGate = gate;
		connection.client().onMessage("0/slow,");
		connection.client().onMessage("0/slow,");
		gate.tryEmitEmpty();
		await().atMost(TIMEOUT).until(() -> server.io().of("/slow").sockets().size() == 2);
		assertThat(connection.sent).filteredOn((text) -> text.startsWith("40/slow")).hasSize(2);

		connection.end();

		assertThat(server.io().of("/slow").sockets()).isEmpty();
	}

	private static String socketOf(Client client, Map<String, SocketIOSocket> sockets) {
		return sockets.keySet()
			.stream()
			.filter((candidate) -> ((DefaultSocket) sockets.get(candidate)).client() == client)
			.findFirst()
			.orElseThrow();
	}

}
