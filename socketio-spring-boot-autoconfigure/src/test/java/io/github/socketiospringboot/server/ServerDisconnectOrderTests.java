package io.github.socketiospringboot.server;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.github.socketiospringboot.adapter.ConnectionStateRecovery;
import io.github.socketiospringboot.adapter.InMemoryAdapter;
import io.github.socketiospringboot.internal.engine.EngineCloseReason;
import io.github.socketiospringboot.internal.engine.EngineRequest;
import io.github.socketiospringboot.internal.engine.EngineSocket;
import io.github.socketiospringboot.internal.engine.TransportType;
import io.github.socketiospringboot.internal.engine.protocol.EngineFrame;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A socket that the server disconnects tells its client only once it is leaving: the
 * client's answer, closing its connection, can reach the server (on an event loop) before
 * the thread that disconnected the socket goes on, and must then not be taken for a lost
 * connection, which connection state recovery would keep a session for.
 *
 * <p>
 * The connection here closes in the very call that sends the disconnect packet, the
 * earliest the client's close can come: the order of a real client on a busy machine,
 * made certain.
 */
class ServerDisconnectOrderTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static TestSocketIOServer server;

	private static final Map<String, DisconnectReason> reasons = new ConcurrentHashMap<>();

	private static final Map<String, SocketIOSocket> sockets = new ConcurrentHashMap<>();

	@BeforeAll
	static void start() {
		server = TestSocketIOServer
			.start(SocketIOOptions.builder().connectionStateRecovery(ConnectionStateRecovery.ENABLED).build());
		server.io().sockets().onConnection((socket) -> {
			socket.onDisconnect((left, reason) -> reasons.put(left.id(), reason));
			sockets.put(socket.id(), socket);
		});
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void theClientClosingAsItHearsOfTheDisconnectionLeavesNoSessionToRecover() {
		ClosingOnDisconnect connection = new ClosingOnDisconnect();
		Client client = new Client(server.io(), connection);
		connection.client = client;
		client.onMessage("0");
		await().atMost(TIMEOUT).until(() -> connection.sent.stream().anyMatch((text) -> text.startsWith("40")));
		String id = sockets.keySet()
			.stream()
			.filter((candidate) -> ((DefaultSocket) sockets.get(candidate)).client() == client)
			.findFirst()
			.orElseThrow();

		sockets.get(id).disconnect();

		assertThat(connection.sent).contains("41");
		assertThat(reasons.get(id)).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
		InMemoryAdapter adapter = (InMemoryAdapter) server.io().sockets().adapter();
		assertThat(adapter.storedSessionCount()).isZero();
	}

	/**
	 * A connection whose client closes it as soon as it is sent a disconnect packet for
	 * the main namespace: the close reaches the server inside the send.
	 */
	private static final class ClosingOnDisconnect implements EngineSocket {

		final Queue<String> sent = new ConcurrentLinkedQueue<>();

		volatile Client client;

		private volatile boolean open = true;

		private final EngineRequest request = new EngineRequest(URI.create("http://localhost/socket.io/?EIO=4"),
				HttpHeaders.EMPTY, null, false, Instant.now(), null);

		@Override
		public String id() {
			return "closing-on-disconnect";
		}

		@Override
		public EngineRequest request() {
			return this.request;
		}

		@Override
		public TransportType transport() {
			return TransportType.WEBSOCKET;
		}

		@Override
		public boolean isOpen() {
			return this.open;
		}

		@Override
		public boolean isWritable() {
			return this.open;
		}

		@Override
		public void send(EngineFrame frame) {
			String text = frame.content().toString(StandardCharsets.UTF_8);
			this.sent.add(text);
			if (text.equals("41")) {
				close();
				this.client.onClose(EngineCloseReason.TRANSPORT_CLOSE, null);
			}
		}

		@Override
		public void send(List<EngineFrame> frames) {
			frames.forEach(this::send);
		}

		@Override
		public void close() {
			this.open = false;
		}

	}

}
