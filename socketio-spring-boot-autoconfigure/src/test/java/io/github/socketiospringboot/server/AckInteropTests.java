package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.AckTimeoutException;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Acknowledgements in both directions between our server and official
 * {@code socket.io-client} processes: a client's callback answered by a server handler, a
 * socket's {@code emitWithAck}, and broadcasts collecting one answer per client in each
 * of the seed's forms, with answers in time, late or never. The server and the clients
 * are shared: each client answers every event asking for an acknowledgement with its name
 * and a {@link Vote}, unless a test gives the event of its own another rule.
 */
class AckInteropTests {

	private static final Duration LONG = Duration.ofSeconds(20);

	private static final NodeScripts node = NodeScripts.create().withHardTimeout(Duration.ofMinutes(3));

	private static TestSocketIOServer server;

	/** A (WebSocket), B (polling), C (upgraded) in the main namespace. */
	private static List<Peer> main = List.of();

	/** A and B in {@code /x}, on the same connections. */
	private static List<Peer> x = List.of();

	private String tag = "";

	@BeforeAll
	static void start() {
		server = TestSocketIOServer.start();
		server.io().of("/x");
		main = Peer.connect(node, server.url(), "/", Transport.WEBSOCKET, Transport.POLLING, Transport.UPGRADED);
		x = List.of(main.get(0).also("/x", Transport.WEBSOCKET), main.get(1).also("/x", Transport.POLLING));
		for (Peer peer : List.of(main.get(0), main.get(1), main.get(2), x.get(0), x.get(1))) {
			peer.client().answer(peer.socket(), "*", peer.name(), new Vote(peer.name(), peer.name().length()));
		}
	}

	@AfterAll
	static void stop() {
		node.closeAll();
		server.close();
	}

	@BeforeEach
	void name(TestInfo info) {
		this.tag = info.getTestMethod().orElseThrow().getName();
	}

	@Test
	void aClientCallbackGetsTheValuesObjectsAndBinaryTheServerHandlerAcknowledged() {
		AtomicReference<SocketEvent> received = new AtomicReference<>();
		io().sockets().on(this.tag, (event) -> {
			received.set(event);
			event.ack(event.args().get(0, Integer.class) + 1, "two", true, null, 2.5, new Vote("server", 7),
					Map.of("bytes", new byte[] { 1, 2, 3 }, "list", List.of(new byte[] { 4 })));
		});
		String ref = a().client().emitWithCallback("/", this.tag, 41, "ignored");
		assertThat(a().client().awaitAck(ref, LONG)).isEqualTo(SioJson.tree(Arrays.asList(42, "two", true, null, 2.5,
				new Vote("server", 7), Map.of("bytes", new byte[] { 1, 2, 3 }, "list", List.of(new byte[] { 4 })))));
		assertThat(received.get().hasAck()).isTrue();
		assertThat(received.get().socket().id()).isEqualTo(a().id());
	}

	@Test
	void eachAckIsAnsweredOnceAndAnEventWithoutCallbackAsksForNone() {
		AtomicReference<Boolean> secondAck = new AtomicReference<>();
		AtomicReference<Boolean> hasAck = new AtomicReference<>();
		io().sockets().on(this.tag, (event) -> {
			if (!event.hasAck()) {
				hasAck.set(false);
				return;
			}
			event.ack("first");
			secondAck.set(event.ack("second"));
		});
		b().client().emit("/", this.tag);
		String ref = b().client().emitWithCallback("/", this.tag);
		assertThat(b().client().awaitAck(ref, LONG)).isEqualTo(SioJson.tree(List.of("first")));
		await().atMost(LONG).until(() -> hasAck.get() != null && secondAck.get() != null);
		assertThat(hasAck.get()).isFalse();
		assertThat(secondAck.get()).isFalse();
	}

	@Test
	void aClientTimesOutWhenTheServerNeverAcknowledges() {
		io().sockets().on(this.tag, (event) -> {
		});
		String ref = c().client().emitWithAck("/", Duration.ofMillis(300), this.tag, "anyone?");
		assertThat(c().client().awaitAckError(ref, LONG).get("message").asString())
			.isEqualTo("operation has timed out");
	}

	@Test
	void aSocketEmitWithAckGetsTheClientsTypedAnswer() {
		for (Peer peer : main) {
			Ack ack = peer.on(io()).timeout(LONG).emitWithAck(this.tag, "question", 1).block(LONG);
			assertThat(ack.socketId()).isEqualTo(peer.id());
			assertThat(ack.get(0, String.class)).isEqualTo(peer.name());
			assertThat(ack.get(1, Vote.class)).isEqualTo(new Vote(peer.name(), 1));
			JsonNode asked = peer.client().awaitEvent(peer.socket(), this.tag, LONG);
			assertThat(asked.get("ack").asBoolean()).isTrue();
			assertThat(SioClient.args(asked)).isEqualTo(SioJson.tree(List.of("question", 1)));
		}
	}

	@Test
	void aSocketEmitWithAckFailsWhenTheClientNeverAnswers() {
		a().client().neverAnswer("/", this.tag);
		SocketIOSocket socket = a().on(io());
		assertThatExceptionOfType(AckTimeoutException.class)
			.isThrownBy(() -> socket.timeout(Duration.ofMillis(500)).emitWithAck(this.tag).block(LONG))
			.satisfies((error) -> {
				assertThat(error.received()).isEmpty();
				assertThat(error.missing()).containsExactly(a().id());
			});
		assertThat(a().client().awaitEvent("/", this.tag, LONG).get("ack").asBoolean()).isTrue();
	}

	@Test
	void aBroadcastToAllCollectsOneTypedAnswerPerClient() {
		List<Ack> acks = io().timeout(LONG).emitWithAck(this.tag, "Lunch?").block(LONG);
		assertAnsweredBy(acks, main);
		for (Ack ack : acks) {
			Peer peer = main.stream().filter((candidate) -> candidate.id().equals(ack.socketId())).findFirst().get();
			assertThat(ack.get(0, String.class)).isEqualTo(peer.name());
			assertThat(ack.get(1, Vote.class)).isEqualTo(new Vote(peer.name(), 1));
		}
	}

	@Test
	void aBroadcastToARoomCollectsTheMembersAnswers() {
		a().on(io()).join(this.tag);
		c().on(io()).join(this.tag);
		assertAnsweredBy(io().to(this.tag).timeout(LONG).emitWithAck(this.tag).block(LONG), List.of(a(), c()));
		assertAnsweredBy(io().in(this.tag).except(a().id()).timeout(LONG).emitWithAck(this.tag).block(LONG),
				List.of(c()));
	}

	@Test
	void aBroadcastFromASocketCollectsTheOthersAnswers() {
		assertAnsweredBy(b().on(io()).broadcast().timeout(LONG).emitWithAck(this.tag).block(LONG), List.of(a(), c()));
	}

	@Test
	void aBroadcastToANamespaceCollectsThatNamespacesAnswers() {
		List<Ack> acks = io().of("/x").timeout(LONG).emitWithAck(this.tag, new byte[] { 1 }).block(LONG);
		assertAnsweredBy(acks, x);
		assertThat(acks).extracting((ack) -> ack.get(0, String.class)).containsExactlyInAnyOrder("A'", "B'");
	}

	@Test
	void aBroadcastWithLateAnswersFailsWithTheAnswersInTimeAndTheMissingSockets() {
		Duration timeout = Duration.ofSeconds(2);
		a().client().answerAfter("/", this.tag, timeout.plusSeconds(1), "too late");
		c().client().neverAnswer("/", this.tag);
		assertThatExceptionOfType(AckTimeoutException.class)
			.isThrownBy(() -> io().timeout(timeout).emitWithAck(this.tag).block(LONG))
			.satisfies((error) -> {
				assertThat(error.received()).extracting(Ack::socketId).containsExactly(b().id());
				assertThat(error.received().get(0).get(0, String.class)).isEqualTo("B");
				assertThat(error.missing()).containsExactlyInAnyOrder(a().id(), c().id());
				assertThat(error.expected()).isEqualTo(3);
			});
		// the late answer is ignored, and the next broadcast is collected as usual
		a().client()
			.process()
			.await((event) -> "answered".equals(event.path("event").asString(""))
					&& this.tag.equals(event.path("name").asString("")), "late answer", LONG);
		assertAnsweredBy(io().timeout(LONG).emitWithAck(this.tag + "-next").block(LONG), main);
	}

	@Test
	void aBroadcastTargetingNoSocketCompletesAtOnceWithNoAnswer() {
		long start = System.nanoTime();
		assertThat(io().to("nobody-" + this.tag).timeout(Duration.ofMinutes(1)).emitWithAck(this.tag).block(LONG))
			.isEmpty();
		assertThat(
				io().of("/x").except("nobody").except(x.get(0).id(), x.get(1).id()).emitWithAck(this.tag).block(LONG))
			.isEmpty();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void binaryArgumentsAtAnyDepthComeBackInAcknowledgementsBothWays() {
		Map<String, Object> payload = Map.of("image", new byte[] { 9, 8, 7 }, "parts",
				List.of(new byte[] { 1 }, Map.of("more", new byte[] { 2, 3 }), "text"));
		for (Peer peer : main) {
			peer.client().answerEcho(peer.socket(), this.tag);
		}
		List<Ack> acks = io().timeout(LONG).emitWithAck(this.tag, payload, new byte[] { 0 }).block(LONG);
		assertAnsweredBy(acks, main);
		for (Ack ack : acks) {
			assertThat(ack.asList()).containsExactly(SioJson.tree(payload), SioJson.tree(new byte[] { 0 }));
			assertThat(ack.get(1, byte[].class)).isEqualTo(new byte[] { 0 });
		}
		Map<String, List<JsonNode>> receivedByServer = new ConcurrentHashMap<>();
		io().sockets().on(this.tag, (event) -> {
			receivedByServer.put(event.socket().id(), event.args().asList());
			event.ack(event.args().toArray());
		});
		List<JsonNode> sent = List.of(SioJson.tree(payload), SioJson.tree(new byte[] { 5, 6 }),
				SioJson.tree(new byte[] { 7 }));
		for (Peer peer : main) {
			String ref = peer.client()
				.emitWithCallback("/", this.tag, payload, SioJson.binary(new byte[] { 5, 6 }, "Uint8Array"),
						SioJson.binary(new byte[] { 7 }, "ArrayBuffer"));
			assertThat(peer.client().awaitAck(ref, LONG)).containsExactlyElementsOf(sent);
			assertThat(receivedByServer.get(peer.id())).as("received by the server").isEqualTo(sent);
			assertThat(receivedByServer.get(peer.id()).get(1).isBinary()).isTrue();
		}
	}

	private static void assertAnsweredBy(List<Ack> acks, List<Peer> peers) {
		assertThat(acks).extracting(Ack::socketId)
			.containsExactlyInAnyOrderElementsOf(peers.stream().map(Peer::id).toList());
		assertThat(Set.copyOf(acks.stream().map(Ack::socketId).toList())).hasSize(acks.size());
	}

	private static SocketIOServer io() {
		return server.io();
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

	/** The answer of each client: its name and a count. */
	record Vote(String name, int count) {

	}

}
