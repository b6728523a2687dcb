package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketiospringboot.adapter.ConnectionStateRecovery;
import io.github.socketiospringboot.adapter.InMemoryAdapter;
import io.github.socketiospringboot.adapter.RoomEvent;
import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.AckTimeoutException;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket on its way into its namespace or out of it is already, or still, in some of
 * its rooms; broadcasts with acknowledgements and {@code fetchSockets()} see it as the
 * reference does, which only knows sockets that are in their namespace, and its
 * disconnecting listeners may still join rooms, which recovery keeps. What waits for
 * acknowledgements when the server closes ends then.
 */
class SocketsInPassingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void aRestoredSocketBackInItsRoomsButNotYetConnectedIsNotCountedByABroadcastWithAcknowledgements()
			throws Exception {
		AtomicReference<SocketIOServer> server = new AtomicReference<>();
		AtomicReference<CompletableFuture<List<Ack>>> answers = new AtomicReference<>();
		SocketIOServer io = new SocketIOServer(
				SocketIOOptions.builder().connectionStateRecovery(ConnectionStateRecovery.ENABLED).build(),
				JsonMapper.shared(), (namespace) -> new InMemoryAdapter(namespace) {

					@Override
					public void addAll(String socketId, Set<String> rooms) {
						super.addAll(socketId, rooms);
						// the restored socket is back in its rooms, its client not told
						// yet
						if (rooms.contains("kept") && rooms.size() > 1 && answers.get() == null) {
							answers.set(server.get()
								.to("kept")
								.timeout(Duration.ofMillis(300))
								.emitWithAck("ping")
								.toFuture());
						}
					}

				});
		server.set(io);
		try {
			ScriptedConnection first = ScriptedConnection.open(io);
			first.client().onMessage("0");
			SocketIOSocket socket = io.sockets().sockets().values().iterator().next();
			socket.join("kept");
			io.to("kept").emit("hello");
			JsonNode connect = JsonMapper.shared().readTree(sent(first, "40").substring(2));
			String offset = JsonMapper.shared().readTree(sent(first, "42").substring(2)).get(1).asString();
			first.end();

			ScriptedConnection second = ScriptedConnection.open(io);
			second.client()
				.onMessage("0{\"pid\":\"" + connect.get("pid").asString() + "\",\"offset\":\"" + offset + "\"}");

			assertThat(JsonMapper.shared().readTree(sent(second, "40").substring(2)).get("sid").asString())
				.isEqualTo(socket.id());
			assertThat(answers.get()).isNotNull();
			assertThat(answers.get().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEmpty();
		}
		finally {
			io.close();
		}
	}

	@Test
	void aRoomJoinedByADisconnectingListenerIsKeptWithTheSessionAndRestored() throws Exception {
		SocketIOServer io = new SocketIOServer(
				SocketIOOptions.builder().connectionStateRecovery(ConnectionStateRecovery.ENABLED).build(),
				JsonMapper.shared());
		try {
			io.sockets()
				.onConnection((socket) -> socket.onDisconnecting((leaving, reason) -> leaving.join("farewell")));
			Lost lost = loseConnectionAfterOneEvent(io);
			// gone from the room with the others
			assertThat(io.sockets().adapter().rooms()).doesNotContainKey("farewell");

			ScriptedConnection.open(io).client().onMessage(lost.recoveringConnect());

			SocketIOSocket restored = io.sockets().sockets().get(lost.socketId());
			assertThat(restored).isNotNull();
			assertThat(restored.recovered()).isTrue();
			assertThat(restored.rooms()).contains("farewell");
		}
		finally {
			io.close();
		}
	}

	@Test
	void aRecoveryThatAMiddlewareRefusesCanBeTriedAgain() throws Exception {
		SocketIOServer io = new SocketIOServer(SocketIOOptions.builder()
			.connectionStateRecovery(ConnectionStateRecovery.ENABLED.withSkipMiddlewares(false))
			.build(), JsonMapper.shared());
		java.util.concurrent.atomic.AtomicInteger recoveries = new java.util.concurrent.atomic.AtomicInteger();
		// the first attempt to recover is refused (an expired token, say), the next let
		// in
		io.sockets()
			.use((socket) -> (socket.recovered() && recoveries.getAndIncrement() == 0)
					? reactor.core.publisher.Mono.error(new ConnectionRefusedException("token expired"))
					: reactor.core.publisher.Mono.empty());
		try {
			Lost lost = loseConnectionAfterOneEvent(io);

			ScriptedConnection refused = ScriptedConnection.open(io);
			refused.client().onMessage(lost.recoveringConnect());
			assertThat(sent(refused, "44")).contains("token expired");

			ScriptedConnection.open(io).client().onMessage(lost.recoveringConnect());
			SocketIOSocket restored = io.sockets().sockets().get(lost.socketId());
			assertThat(restored).isNotNull();
			assertThat(restored.recovered()).isTrue();
		}
		finally {
			io.close();
		}
	}

	@Test
	void aSocketHalfWayThroughLeavingItsRoomsIsNotFound() {
		SocketIOServer io = new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared(), InMemoryAdapter::new);
		try {
			ScriptedConnection connection = ScriptedConnection.open(io);
			connection.client().onMessage("0");
			SocketIOSocket socket = io.sockets().sockets().values().iterator().next();
			socket.join("a", "b");
			List<List<RemoteSocket>> found = new ArrayList<>();
			// as the socket leaves its first room, it is still a member of the others
			io.sockets().adapter().addRoomListener((event) -> {
				if (event.type() == RoomEvent.Type.LEAVE_ROOM && found.isEmpty()) {
					found.add(io.in("a", "b").fetchSockets().block(TIMEOUT));
				}
			});

			connection.end();

			assertThat(found).hasSize(1);
			assertThat(found.get(0)).isEmpty();
		}
		finally {
			io.close();
		}
	}

	@Test
	void acknowledgementsAwaitedWhenTheServerClosesEndWithTheirTimeoutThen() {
		SocketIOServer io = new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared());
		ScriptedConnection connection = ScriptedConnection.open(io);
		connection.client().onMessage("0");
		SocketIOSocket socket = io.sockets().sockets().values().iterator().next();
		CompletableFuture<Ack> fromSocket = socket.timeout(Duration.ofMinutes(1)).emitWithAck("question").toFuture();
		CompletableFuture<List<Ack>> fromBroadcast = io.timeout(Duration.ofMinutes(1))
			.emitWithAck("question")
			.toFuture();
		assertThat(connection.sent).filteredOn((text) -> text.startsWith("42")).hasSize(2);

		io.close();

		// the timer that would have ended them stopped with the server: they end now
		assertThat(fromSocket).failsWithin(TIMEOUT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(AckTimeoutException.class);
		assertThat(fromBroadcast).failsWithin(TIMEOUT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(AckTimeoutException.class);
	}

	/**
	 * Connects a client to the main namespace, sends it one event (which gives it an
	 * offset), and ends its connection, which leaves a session to recover.
	 */
	private static Lost loseConnectionAfterOneEvent(SocketIOServer io) {
		ScriptedConnection connection = ScriptedConnection.open(io);
		connection.client().onMessage("0");
		JsonNode connect = JsonMapper.shared().readTree(sent(connection, "40").substring(2));
		String id = connect.get("sid").asString();
		io.to(id).emit("hello");
		String offset = JsonMapper.shared().readTree(sent(connection, "42").substring(2)).get(1).asString();
		connection.end();
		return new Lost(id, "0{\"pid\":\"" + connect.get("pid").asString() + "\",\"offset\":\"" + offset + "\"}");
	}

	/**
	 * A socket whose connection was lost.
	 *
	 * @param socketId its id
	 * @param recoveringConnect the CONNECT packet that recovers it
	 */
	private record Lost(String socketId, String recoveringConnect) {

	}

	private static String sent(ScriptedConnection connection, String prefix) {
		return connection.sent.stream()
			.filter((text) -> text.startsWith(prefix))
			.findFirst()
			.orElseThrow(() -> new AssertionError("Nothing sent starting with " + prefix + ": " + connection.sent));
	}

}
