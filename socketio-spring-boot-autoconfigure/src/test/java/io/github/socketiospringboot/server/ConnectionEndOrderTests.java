package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.github.socketiospringboot.adapter.ConnectionStateRecovery;
import io.github.socketiospringboot.adapter.InMemoryAdapter;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

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
 * </ul>
 */
class ConnectionEndOrderTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static TestSocketIOServer server;

	private static final Map<String, DisconnectReason> reasons = new ConcurrentHashMap<>();

	private static final Map<String, SocketIOSocket> sockets = new ConcurrentHashMap<>();

	/** The sockets of the guarded namespace its connection handler saw. */
	private static final Queue<SocketIOSocket> guardedConnections = new ConcurrentLinkedQueue<>();

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

	private static String socketOf(Client client, Map<String, SocketIOSocket> sockets) {
		return sockets.keySet()
			.stream()
			.filter((candidate) -> ((DefaultSocket) sockets.get(candidate)).client() == client)
			.findFirst()
			.orElseThrow();
	}

}
