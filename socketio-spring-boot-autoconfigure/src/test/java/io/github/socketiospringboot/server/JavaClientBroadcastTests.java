package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.List;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.AckTimeoutException;
import io.github.socketiospringboot.test.RawWebSocket;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Rooms, broadcasts and broadcasts with acknowledgements, seen by three official Java
 * clients. That a client did not get a broadcast is checked by the order of what it gets:
 * a marker event sent to everyone afterwards must be its next event.
 */
class JavaClientBroadcastTests {

	private static TestSocketIOServer server;

	private JavaClient alice;

	private JavaClient bob;

	private JavaClient carol;

	@BeforeAll
	static void start() {
		server = TestSocketIOServer.start();
		server.io().onConnection((socket) -> {
			socket.on("join", (event) -> {
				socket.join(event.args().get(0, String.class));
				event.ack();
			});
			socket.on("shout", (event) -> socket.broadcast().emit("shouted", event.args().toArray()));
			socket.on("to-room", (event) -> socket.to(event.args().get(0, String.class)).emit("whisper", socket.id()));
		});
		// the first acknowledgements of a JVM load many classes on both sides: keep that
		// out of the timed tests
		try (JavaClient warmUp = JavaClient.connect(server, "/")) {
			warmUp.answer("q", (args) -> args);
			warmUp.emitWithAck("join", "warm-up");
			server.io().timeout(Duration.ofSeconds(5)).emitWithAck("q", 1).block(Duration.ofSeconds(6));
		}
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@BeforeEach
	void connectThreeClients() {
		// the warm-up client of @BeforeAll, or a client of the previous test, that the
		// server has
		// not yet seen leave would be one more recipient of this test's broadcasts
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> server.io().sockets().sockets().isEmpty());
		this.alice = JavaClient.connect(server, "/");
		this.bob = JavaClient.connect(server, "/");
		this.carol = JavaClient.connect(server, "/");
	}

	@AfterEach
	void closeClients() {
		this.alice.close();
		this.bob.close();
		this.carol.close();
		// a socket the server has not yet seen leave would be one more recipient of the
		// next test's
		// broadcasts
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> server.io().sockets().sockets().isEmpty());
	}

	private static void join(JavaClient client, String room) {
		client.emitWithAck("join", room);
	}

	/**
	 * Sends a marker to everyone and checks it is the next event of each client given.
	 */
	private static void assertNothingElseReceived(JavaClient... clients) {
		server.io().emit("marker");
		for (JavaClient client : clients) {
			assertThat(client.next().name()).as("next event of %s", client.id()).isEqualTo("marker");
		}
	}

	@Test
	void roomBroadcastReachesTheMembersOnly() {
		join(this.alice, "room1");
		join(this.bob, "room1");
		server.io().to("room1").emit("news", 1);
		assertThat(this.alice.next("news")).containsExactly(1);
		assertThat(this.bob.next("news")).containsExactly(1);
		assertNothingElseReceived(this.carol);
	}

	@Test
	void broadcastToSeveralRoomsReachesEachMemberOnce() {
		join(this.alice, "room1");
		join(this.alice, "room2");
		join(this.bob, "room2");
		server.io().to("room1").to("room2").emit("news", 2);
		assertThat(this.alice.next("news")).containsExactly(2);
		assertThat(this.bob.next("news")).containsExactly(2);
		assertNothingElseReceived(this.alice, this.carol);
	}

	@Test
	void socketBroadcastExcludesTheSender() {
		this.alice.emit("shout", "hello");
		assertThat(this.bob.next("shouted")).containsExactly("hello");
		assertThat(this.carol.next("shouted")).containsExactly("hello");
		assertNothingElseReceived(this.alice);
	}

	@Test
	void socketToARoomExcludesTheSenderEvenAsAMember() {
		join(this.alice, "room1");
		join(this.bob, "room1");
		this.alice.emit("to-room", "room1");
		assertThat(this.bob.next("whisper")).containsExactly(this.alice.id());
		assertNothingElseReceived(this.alice, this.carol);
	}

	@Test
	void exceptLeavesOutTheMembersOfARoom() {
		join(this.alice, "room1");
		server.io().except("room1").emit("news", 3);
		assertThat(this.bob.next("news")).containsExactly(3);
		assertThat(this.carol.next("news")).containsExactly(3);
		assertNothingElseReceived(this.alice);
	}

	@Test
	void broadcastWithAcksCollectsOneAnswerPerClient() {
		for (JavaClient client : List.of(this.alice, this.bob, this.carol)) {
			client.answer("q", (args) -> new Object[] { client.id() });
		}
		List<Ack> acks = server.io().timeout(Duration.ofSeconds(2)).emitWithAck("q").block(Duration.ofSeconds(5));
		assertThat(acks).extracting(Ack::socketId)
			.containsExactlyInAnyOrder(this.alice.id(), this.bob.id(), this.carol.id());
		assertThat(acks).allSatisfy((ack) -> assertThat(ack.get(0, String.class)).isEqualTo(ack.socketId()));
	}

	@Test
	void broadcastWithAcksTimesOutWithTheAnswersSoFarAndTheSilentSockets() {
		this.alice.answer("q", (args) -> new Object[] { "a" });
		this.bob.answer("q", (args) -> new Object[] { "b" });
		AckTimeoutException timeout = catchThrowableOfType(AckTimeoutException.class,
				() -> server.io().timeout(Duration.ofSeconds(5)).emitWithAck("q").block(Duration.ofSeconds(10)));
		assertThat(timeout.received()).extracting(Ack::socketId)
			.containsExactlyInAnyOrder(this.alice.id(), this.bob.id());
		assertThat(timeout.missing()).containsExactly(this.carol.id());
		assertThat(timeout.expected()).isEqualTo(3);
	}

	@Test
	void broadcastWithAcksToNobodyCompletesAtOnceWithNoAnswer() {
		// far shorter than the timeout: the empty answer does not wait for it
		List<Ack> acks = server.io()
			.to("empty-room")
			.timeout(Duration.ofSeconds(30))
			.emitWithAck("q")
			.block(RawWebSocket.TIMEOUT);
		assertThat(acks).isEmpty();
	}

	@Test
	void broadcastWithAcksToARoomCollectsItsMembersAnswers() {
		join(this.bob, "room1");
		this.bob.answer("q", (args) -> new Object[] { args[0] });
		List<Ack> acks = server.io()
			.to("room1")
			.timeout(Duration.ofSeconds(2))
			.emitWithAck("q", 7)
			.block(Duration.ofSeconds(5));
		assertThat(acks).singleElement().satisfies((ack) -> {
			assertThat(ack.socketId()).isEqualTo(this.bob.id());
			assertThat(ack.get(0, Integer.class)).isEqualTo(7);
		});
	}

}
