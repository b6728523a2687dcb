package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.Emitter;
import io.github.socketiospringboot.broadcast.Handshake;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.SioClient;
import io.github.socketiospringboot.test.SioClient.Transport;
import io.github.socketiospringboot.test.SioJson;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server-side utilities and listeners against official {@code socket.io-client}
 * processes: {@code fetchSockets}, {@code socketsJoin}, {@code socketsLeave} and
 * {@code disconnectSockets} on room targets, acknowledgements from a socket found, the
 * catch-all listeners of incoming and outgoing events, a packet middleware refusing an
 * event, and a handler that throws.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerApiInteropTests {

	private static final Duration TIMEOUT = Peer.TIMEOUT;

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	private TestSocketIOServer server;

	@BeforeEach
	void start() {
		this.server = TestSocketIOServer.start();
		// each client names the room it joins in its query
		this.server.io().onConnection((socket) -> socket.join(socket.handshake().query().getFirst("room")));
		this.server.io().of("/other");
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void fetchSocketsFindsTheTargetedSocketsWithTheirRoomsAndHandshake() {
		List<Peer> peers = connect("red", "red", "blue");
		List<RemoteSocket> all = io().fetchSockets().block(TIMEOUT);
		assertThat(all).extracting(RemoteSocket::id)
			.containsExactlyInAnyOrderElementsOf(peers.stream().map(Peer::id).toList());
		for (RemoteSocket found : all) {
			int index = indexOf(peers, found.id());
			Peer peer = peers.get(index);
			String room = (index < 2) ? "red" : "blue";
			assertThat(found.rooms()).as(peer.name()).containsExactlyInAnyOrder(peer.id(), room);
			Handshake handshake = found.handshake();
			assertThat(handshake.auth()).isEqualTo(SioJson.tree(Map.of("user", peer.name())));
			assertThat(handshake.query().getFirst("room")).isEqualTo(room);
			assertThat(handshake.query().getFirst("EIO")).isEqualTo("4");
			assertThat(handshake.headers().getFirst("x-client")).isEqualTo(peer.name());
			assertThat(handshake.address()).isNotNull();
			assertThat(handshake.url()).startsWith("/socket.io/?");
		}
		assertThat(io().in("red").fetchSockets().block(TIMEOUT)).extracting(RemoteSocket::id)
			.containsExactlyInAnyOrder(peers.get(0).id(), peers.get(1).id());
		assertThat(io().except("red").fetchSockets().block(TIMEOUT)).extracting(RemoteSocket::id)
			.containsExactly(peers.get(2).id());
		// a socket found can be driven from here
		all.get(indexOf(all, peers.get(2).id())).emit("found", "you");
		assertThat(SioClient.args(peers.get(2).client().awaitEvent("/", "found", TIMEOUT)).get(0).asString())
			.isEqualTo("you");
	}

	@Test
	void socketsJoinAndSocketsLeaveChangeTheRoomsOfTheTargetedSockets() {
		List<Peer> peers = connect("red", "red", "blue");
		io().in("red").socketsJoin("team", "other-team");
		io().except("red").socketsJoin("bench");
		io().in("red").except(peers.get(1).id()).socketsLeave("other-team");
		assertThat(peers.get(0).on(io()).rooms()).containsExactlyInAnyOrder(peers.get(0).id(), "red", "team");
		assertThat(peers.get(1).on(io()).rooms()).containsExactlyInAnyOrder(peers.get(1).id(), "red", "team",
				"other-team");
		assertThat(peers.get(2).on(io()).rooms()).containsExactlyInAnyOrder(peers.get(2).id(), "blue", "bench");
		io().to("team").emit("to-team", 1);
		io().to("other-team").emit("to-other-team", 2);
		io().to("bench").emit("to-bench", 3);
		io().socketsLeave("team");
		io().to("team").emit("to-team", 4);
		io().emit("end");
		List<List<String>> received = new ArrayList<>();
		for (Peer peer : peers) {
			peer.client().awaitEvent("/", "end", TIMEOUT);
			received.add(peer.client().received("/").stream().map((event) -> event.get("name").asString()).toList());
		}
		assertThat(received).containsExactly(List.of("to-team", "end"), List.of("to-team", "to-other-team", "end"),
				List.of("to-bench", "end"));
	}

	@Test
	void disconnectSocketsDisconnectsTheMembersOfARoomOnly() {
		List<Peer> peers = connect("red", "blue", "blue");
		Peer otherNamespace = peers.get(2).also("/other", Transport.WEBSOCKET);
		io().in("red").disconnectSockets(false);
		assertThat(peers.get(0).client().awaitReport("disconnect", "/", TIMEOUT).get("reason").asString())
			.isEqualTo("io server disconnect");
		// with close, the whole connection goes, its other namespaces with it
		io().in("blue").except(peers.get(1).id()).disconnectSockets(true);
		assertThat(peers.get(2).client().awaitReport("disconnect", "/", TIMEOUT).get("reason").asString())
			.isEqualTo("io server disconnect");
		assertThat(otherNamespace.client().awaitReport("disconnect", "/other", TIMEOUT).get("reason").asString())
			.isEqualTo("io server disconnect");
		io().emit("still");
		peers.get(1).client().awaitEvent("/", "still", TIMEOUT);
		assertThat(peers.get(1).client().reports("disconnect", "/")).isEmpty();
		await().atMost(TIMEOUT).until(() -> io().sockets().sockets().keySet().equals(Set.of(peers.get(1).id())));
		assertThat(io().of("/other").sockets()).isEmpty();
	}

	@Test
	void anyListenersSeeEveryIncomingEventInOrderBeforeTheHandlers() {
		Peer peer = connect("red").get(0);
		SocketIOSocket socket = peer.on(io());
		Queue<String> seen = new ConcurrentLinkedQueue<>();
		AnyListener any = (event, args) -> seen.add("any " + event + " " + args.asList());
		socket.onAny(any);
		socket.prependAny((event, args) -> seen.add("prepended " + event));
		socket.on("second", (event) -> seen.add("handler second"));
		peer.client().emit("/", "first", 1, Map.of("a", List.of(true)));
		peer.client().emit("/", "second", new byte[] { 1, 2 });
		await().atMost(TIMEOUT).until(() -> seen.size() >= 5);
		socket.offAny(any);
		socket.on("third", (event) -> event.ack());
		String ref = peer.client().emitWithCallback("/", "third");
		await().atMost(TIMEOUT).until(() -> seen.size() >= 6);
		peer.client().awaitAck(ref, TIMEOUT);
		assertThat(seen).containsExactly("prepended first", "any first [1, {\"a\":[true]}]", "prepended second",
				"any second [" + SioJson.tree(new byte[] { 1, 2 }) + "]", "handler second", "prepended third");
	}

	@Test
	void outgoingListenersSeeEveryEventSentToTheSocketBroadcastsIncluded() {
		List<Peer> peers = connect("red", "blue");
		SocketIOSocket socket = peers.get(0).on(io());
		Queue<String> seen = new ConcurrentLinkedQueue<>();
		socket.onAnyOutgoing((event, args) -> seen.add(event + " " + args.asList()));
		socket.prependAnyOutgoing((event, args) -> seen.add("first: " + event));
		peers.get(0).client().answer("/", "question", "answer");
		socket.emit("direct", 1);
		io().emit("to-all", "x");
		io().to("red").emit("to-red");
		io().to("blue").emit("to-blue");
		socket.broadcast().emit("not-to-me");
		assertThat(socket.timeout(TIMEOUT).emitWithAck("question").block(TIMEOUT).get(0, String.class))
			.isEqualTo("answer");
		assertThat(seen).containsExactly("first: direct", "direct [1]", "first: to-all", "to-all [\"x\"]",
				"first: to-red", "to-red []", "first: question", "question []");
		// the client reports each event before it answers, but the report comes on
		// another
		// stream than the answer: wait for the report of the last one
		peers.get(0).client().awaitEvent("/", "question", TIMEOUT);
		assertThat(peers.get(0).client().received("/")).extracting((event) -> event.get("name").asString())
			.containsExactly("direct", "to-all", "to-red", "question");
	}

	@Test
	void aPacketMiddlewareRefusingAnEventStopsItAndTellsTheErrorListenersNotTheClient() {
		Peer peer = connect("red").get(0);
		SocketIOSocket socket = peer.on(io());
		Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
		AtomicInteger forbiddenCalls = new AtomicInteger();
		socket.use((event) -> event.name().equals("forbidden") ? Mono.error(new IllegalStateException("not allowed"))
				: Mono.empty());
		socket.onError(errors::add);
		socket.on("forbidden", (event) -> {
			forbiddenCalls.incrementAndGet();
			event.ack("should not happen");
		});
		socket.on("allowed", (event) -> event.ack("welcome", event.args().get(0)));
		String refused = peer.client().emitWithAck("/", Duration.ofSeconds(1), "forbidden", "please");
		String allowed = peer.client().emitWithCallback("/", "allowed", "please");
		assertThat(peer.client().awaitAck(allowed, TIMEOUT)).isEqualTo(SioJson.tree(List.of("welcome", "please")));
		assertThat(peer.client().awaitAckError(refused, TIMEOUT).get("message").asString())
			.isEqualTo("operation has timed out");
		assertThat(errors).singleElement()
			.satisfies(
					(error) -> assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("not allowed"));
		assertThat(forbiddenCalls).hasValue(0);
		assertThat(peer.client().received("/")).isEmpty();
		assertThat(peer.client().reports("disconnect", "/")).isEmpty();
		assertThat(socket.connected()).isTrue();
	}

	@Test
	void aFoundSocketAnswersItsEmitWithAckAndCompletesEmptyOnceGone() {
		List<Peer> peers = connect("red", "blue");
		Peer a = peers.get(0);
		a.client().answer("/", "question", "from A");
		SocketIOSocket socket = a.on(io());
		RemoteSocket found = io().in("red").fetchSockets().block(TIMEOUT).get(0);
		Emitter<Ack> emitter = found.timeout(TIMEOUT);
		Ack ack = emitter.emitWithAck("question", 1).block(TIMEOUT);
		assertThat(ack.socketId()).isEqualTo(a.id());
		assertThat(ack.get(0, String.class)).isEqualTo("from A");
		assertThat(found.emitWithAck("question", 2).block(TIMEOUT).get(0, String.class))
			.as("with the server's default timeout")
			.isEqualTo("from A");
		a.client().disconnect("/");
		await().atMost(TIMEOUT).until(() -> !io().sockets().sockets().containsKey(a.id()));
		// a minute's timeout, yet nothing to wait for: the Mono completes empty at once
		assertThat(found.timeout(Duration.ofMinutes(1)).emitWithAck("question", 3).blockOptional(TIMEOUT)).isEmpty();
		assertThat(socket.emitWithAck("question", 4).blockOptional(TIMEOUT)).isEmpty();
		assertThat(a.client().received("/")).extracting((event) -> SioClient.args(event).get(0).asInt())
			.as("nothing was sent once the socket had gone")
			.containsExactly(1, 2);
	}

	@Test
	void aHandlerThatThrowsAnswersTheClientWithAnInternalErrorAndIsLoggedOnce(CapturedOutput output) {
		Peer peer = connect("red").get(0);
		int mark = output.getAll().length();
		io().sockets().on("fails", (event) -> {
			throw new IllegalStateException("secret detail of " + event.args().get(0).asString());
		});
		io().sockets().on("answersThenFails", (event) -> {
			event.ack("answered");
			throw new IllegalStateException("after the answer");
		});
		String failed = peer.client().emitWithCallback("/", "fails", "x");
		assertThat(peer.client().awaitAck(failed, TIMEOUT))
			.isEqualTo(SioJson.tree(List.of(Map.of("error", "internal error"))));
		String answered = peer.client().emitWithCallback("/", "answersThenFails");
		assertThat(peer.client().awaitAck(answered, TIMEOUT)).isEqualTo(SioJson.tree(List.of("answered")));
		String log = output.getAll().substring(mark);
		assertThat(occurrences(log, "java.lang.IllegalStateException: secret detail of x")).isEqualTo(1);
		assertThat(log).contains("Handler of event \"fails\" on socket " + peer.id() + " failed")
			.contains("at io.github.socketiospringboot.server.ServerApiInteropTests");
		assertThat(peer.on(io()).connected()).isTrue();
	}

	/** Connects one client per room, on alternating transports, named A, B, C… */
	private List<Peer> connect(String... rooms) {
		Transport[] transports = { Transport.WEBSOCKET, Transport.POLLING, Transport.UPGRADED };
		List<SioClient> clients = new ArrayList<>();
		for (int i = 0; i < rooms.length; i++) {
			String name = String.valueOf((char) ('A' + i));
			Map<String, Object> options = transports[i % transports.length].options();
			options.put("auth", Map.of("user", name));
			options.put("query", Map.of("room", rooms[i]));
			options.put("extraHeaders", Map.of("x-client", name));
			clients.add(Peer.start(this.node, this.server.url(), "/", "/", options));
		}
		List<Peer> peers = new ArrayList<>();
		for (int i = 0; i < clients.size(); i++) {
			SioClient client = clients.get(i);
			Peer peer = new Peer(String.valueOf((char) ('A' + i)), client, "/", "/", client.awaitConnect("/", TIMEOUT));
			// the client may see its connection before the connection handler ran
			String room = rooms[i];
			await().atMost(TIMEOUT).until(() -> peer.on(io()).rooms().contains(room));
			peers.add(peer);
		}
		return peers;
	}

	private static int indexOf(List<?> items, String id) {
		for (int i = 0; i < items.size(); i++) {
			Object item = items.get(i);
			String candidate = (item instanceof Peer peer) ? peer.id() : ((RemoteSocket) item).id();
			if (candidate.equals(id)) {
				return i;
			}
		}
		throw new AssertionError("No " + id + " in " + items);
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
			count++;
		}
		return count;
	}

	private SocketIOServer io() {
		return this.server.io();
	}

}
