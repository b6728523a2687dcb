package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.socketiospringboot.broadcast.Emitter;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.SioClient;
import io.github.socketiospringboot.test.SioClient.Transport;
import io.github.socketiospringboot.test.SioJson;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every broadcast form of the seed and of the emit cheatsheet, received by official
 * {@code socket.io-client} processes on WebSocket, long-polling and upgraded connections.
 * The server and four clients are shared by the tests: each test starts from no room but
 * the sockets' own, tags its events with its name, and ends with a marker sent to
 * everybody, so that an event not received before the marker is an event never received.
 */
class BroadcastInteropTests {

	private static final NodeScripts node = NodeScripts.create().withHardTimeout(Duration.ofMinutes(3));

	private static TestSocketIOServer server;

	/** Main-namespace sockets A (WebSocket), B (polling), C (upgraded), D (WebSocket). */
	private static List<Peer> main = List.of();

	/** Sockets of A and B in the namespace {@code /other}, on the same connections. */
	private static List<Peer> other = List.of();

	private String tag = "";

	@BeforeAll
	static void start() {
		server = TestSocketIOServer.start();
		server.io().of("/other");
		main = Peer.connect(node, server.url(), "/", Transport.WEBSOCKET, Transport.POLLING, Transport.UPGRADED,
				Transport.WEBSOCKET);
		other = List.of(main.get(0).also("/other", Transport.WEBSOCKET), main.get(1).also("/other", Transport.POLLING));
		main.get(2).client().awaitReport("upgrade", "/", Peer.TIMEOUT);
	}

	@AfterAll
	static void stop() {
		node.closeAll();
		server.close();
	}

	@BeforeEach
	void leaveEveryRoom(TestInfo info) {
		this.tag = info.getTestMethod().orElseThrow().getName();
		List<SocketIOSocket> sockets = new ArrayList<>(io().sockets().sockets().values());
		sockets.addAll(io().of("/other").sockets().values());
		for (SocketIOSocket socket : sockets) {
			socket.rooms().stream().filter((room) -> !room.equals(socket.id())).forEach(socket::leave);
		}
	}

	@Test
	void ioEmitReachesEveryClientTheSenderIncluded() {
		io().emit("hello", this.tag);
		assertReceivedBy(a(), b(), c(), d());
	}

	@Test
	void socketBroadcastReachesEveryClientButTheSender() {
		socket(a()).broadcast().emit("hello", this.tag);
		assertReceivedBy(b(), c(), d());
	}

	@Test
	void socketEmitReachesThatClientOnly() {
		socket(c()).emit("hello", this.tag);
		assertReceivedBy(c());
	}

	@Test
	void ioToAndIoInReachTheMembersOfTheRoom() {
		join("room1", a(), c());
		io().to("room1").emit("hello", this.tag);
		io().in("room1").emit("hello", this.tag);
		assertReceived(Map.of(a(), 2, c(), 2));
	}

	@Test
	void socketToReachesTheRoomButTheSender() {
		join("room1", a(), b(), c());
		socket(a()).to("room1").emit("hello", this.tag);
		socket(d()).in("room1").emit("hello", this.tag);
		assertReceived(Map.of(a(), 1, b(), 2, c(), 2));
	}

	@Test
	void severalRoomsReachEachMemberOnce() {
		join("room1", a(), b());
		join("room2", b(), c());
		io().to("room1", "room2").emit("hello", this.tag);
		io().to("room1").to("room2").emit("hello", this.tag);
		io().to("room1").in("room2").to("room1").emit("hello", this.tag);
		assertReceived(Map.of(a(), 3, b(), 3, c(), 3));
	}

	@Test
	void ioExceptReachesEveryClientOutsideTheRoom() {
		join("room1", a(), b());
		io().except("room1").emit("hello", this.tag);
		assertReceivedBy(c(), d());
	}

	@Test
	void ioToExceptReachesTheFirstRoomWithoutTheSecond() {
		join("room1", a(), b(), c());
		join("room2", b(), d());
		io().to("room1").except("room2").emit("hello", this.tag);
		assertReceivedBy(a(), c());
	}

	@Test
	void socketExceptReachesEveryClientButTheSenderAndTheRoom() {
		join("room1", b());
		socket(a()).except("room1").emit("hello", this.tag);
		assertReceivedBy(c(), d());
	}

	@Test
	void socketLocalReachesEveryClientOfThisServerButTheSender() {
		socket(a()).local().emit("hello", this.tag);
		assertReceivedBy(b(), c(), d());
	}

	@Test
	void everyTargetIsAnEmitterTakingTheSameModifiers() {
		join("room1", b(), c());
		List<Emitter<?>> targets = List.of(socket(a()), socket(a()).to("room1"), socket(d()).local(), io().to("room1"),
				io().of("/other"));
		for (Emitter<?> target : targets) {
			target.compress(false).timeout(Duration.ofSeconds(5)).emit("hello", this.tag);
		}
		assertReceived(Map.of(a(), 2, b(), 3, c(), 3, other.get(0), 1, other.get(1), 1));
	}

	@Test
	void aNamespaceBroadcastReachesThatNamespaceOnly() {
		io().of("/other").emit("hello", this.tag);
		socket(other.get(0)).broadcast().emit("hello", this.tag);
		assertReceived(Map.of(other.get(0), 1, other.get(1), 2));
	}

	@Test
	void roomsAreKeptPerNamespace() {
		join("room1", a(), other.get(1));
		io().to("room1").emit("hello", this.tag);
		io().of("/other").to("room1").emit("hello", this.tag);
		assertReceived(Map.of(a(), 1, other.get(1), 1));
	}

	@Test
	void localVolatileAndUncompressedBroadcastsReachEveryClient() {
		io().local().emit("hello", this.tag);
		io().compress(false).emit("hello", this.tag);
		io().asVolatile().emit("volatile", this.tag);
		Map<Peer, List<String>> received = awaitEnd();
		received.forEach((peer, names) -> {
			if (other.contains(peer)) {
				assertThat(names).as(peer.name()).isEmpty();
			}
			else if (peer == b()) {
				// a polling connection takes a volatile packet only while a GET is
				// pending
				assertThat(names).as(peer.name()).startsWith("hello", "hello").hasSizeBetween(2, 3);
				assertThat(names.subList(2, names.size())).as(peer.name()).isSubsetOf("volatile");
			}
			else {
				assertThat(names).as(peer.name()).containsExactly("hello", "hello", "volatile");
			}
		});
	}

	@Test
	void combinedModifiersStillTargetTheRightClients() {
		join("room1", a(), b(), c(), d());
		join("room2", d());
		socket(a()).broadcast().to("room1").except("room2").local().compress(false).emit("hello", this.tag);
		io().in("room2").local().asVolatile().compress(true).emit("hello", this.tag);
		socket(b()).to("room2").to("room1").except(c().id()).emit("hello", this.tag);
		assertReceived(Map.of(b(), 1, c(), 1, a(), 1, d(), 2));
	}

	@Test
	void broadcastsWithBinaryAttachmentsReachEveryTransportIntact() {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("first", new byte[] { 1, 2, 3 });
		payload.put("nested", List.of("text", new byte[] { -1, 0, 127 }, Map.of("deep", new byte[0])));
		io().emit("hello", this.tag, payload, new byte[] { 42 });
		JsonNode expected = SioJson.tree(List.of(this.tag, payload, new byte[] { 42 }));
		assertReceivedBy(a(), b(), c(), d());
		for (Peer peer : main) {
			assertThat(SioClient.args(peer.client()
				.received(peer.socket())
				.stream()
				.filter((event) -> isTagged(event) && event.get("name").asString().equals("hello"))
				.findFirst()
				.orElseThrow())).as(peer.name()).isEqualTo(expected);
		}
	}

	private void join(String room, Peer... peers) {
		for (Peer peer : peers) {
			socket(peer).join(room);
		}
	}

	private void assertReceivedBy(Peer... peers) {
		Map<Peer, Integer> expected = new LinkedHashMap<>();
		for (Peer peer : peers) {
			expected.put(peer, 1);
		}
		assertReceived(expected);
	}

	/**
	 * Asserts that each socket received the event {@code hello} of this test as many
	 * times as given (none when not given) and nothing else of this test.
	 */
	private void assertReceived(Map<Peer, Integer> expected) {
		Map<Peer, List<String>> received = awaitEnd();
		received.forEach((peer, names) -> assertThat(names).as("events of this test received by " + peer.name())
			.isEqualTo(List.of("hello", "hello", "hello").subList(0, expected.getOrDefault(peer, 0))));
	}

	/**
	 * Sends the end marker to every socket, waits for it, and returns the names of the
	 * events of this test each socket received before it.
	 */
	private Map<Peer, List<String>> awaitEnd() {
		io().emit("end", this.tag);
		io().of("/other").emit("end", this.tag);
		Map<Peer, List<String>> received = new LinkedHashMap<>();
		List<Peer> all = new ArrayList<>(main);
		all.addAll(other);
		for (Peer peer : all) {
			peer.client()
				.process()
				.await((event) -> isTagged(event) && "end".equals(event.get("name").asString())
						&& peer.socket().equals(event.get("socket").asString()), "end of " + this.tag, Peer.TIMEOUT);
			received.put(peer,
					peer.client()
						.received(peer.socket())
						.stream()
						.filter(this::isTagged)
						.map((event) -> event.get("name").asString())
						.takeWhile((name) -> !name.equals("end"))
						.toList());
		}
		return received;
	}

	private boolean isTagged(JsonNode event) {
		return "event".equals(event.path("event").asString("")) && this.tag.equals(event.at("/args/0").asString(""));
	}

	private static SocketIOServer io() {
		return server.io();
	}

	private static SocketIOSocket socket(Peer peer) {
		return peer.on(io());
	}

	private static Peer a() {
		return main.get(0);
	}

	private static Peer b() {
		return main.get(1);
	}

	private static Peer c() {
		return main.get(2);
	}

	private static Peer d() {
		return main.get(3);
	}

}
