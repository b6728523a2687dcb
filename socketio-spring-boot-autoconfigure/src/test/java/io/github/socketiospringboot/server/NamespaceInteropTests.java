package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.SioClient;
import io.github.socketiospringboot.test.SioClient.Transport;
import io.github.socketiospringboot.test.SioJson;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Namespaces as official {@code socket.io-client} processes see them: several on one
 * connection or on their own, dynamic namespaces created on demand by a pattern, and
 * connection middlewares that refuse with a message and data, then accept a retry.
 */
class NamespaceInteropTests {

	private static final Duration TIMEOUT = Peer.TIMEOUT;

	private static final Map<String, Object> REFUSAL_DATA = refusalData();

	private static TestSocketIOServer server;

	private static ParentNamespace dynamic;

	private static final Set<String> parentConnections = ConcurrentHashMap.newKeySet();

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	@BeforeAll
	static void start() {
		server = TestSocketIOServer.start();
		server.io().of("/admin").onConnection((socket) -> socket.emit("welcome", socket.namespace().name()));
		server.io().of("/secure").use((socket) -> {
			JsonNode token = socket.handshake().auth().path("token");
			if (token.asString("").equals("letmein")) {
				return Mono.empty();
			}
			if (token.isMissingNode()) {
				return Mono.error(new IllegalStateException("no token"));
			}
			return Mono.error(new ConnectionRefusedException("not authorized", REFUSAL_DATA));
		});
		server.io().of("/secure").onConnection((socket) -> socket.emit("auth", socket.handshake().auth()));
		dynamic = server.io().of(Pattern.compile("^/workspace-\\d+$"));
		dynamic.use((socket) -> socket.handshake().auth().path("refuse").asBoolean(false)
				? Mono.error(new ConnectionRefusedException("refused by the parent", Map.of("child", true)))
				: Mono.empty());
		dynamic.onConnection((socket) -> {
			parentConnections.add(socket.id());
			socket.join("members");
			socket.emit("welcome", socket.namespace().name());
		});
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void socketsOfSeveralNamespacesShareOneConnectionUnlessForcedNew() {
		SioClient client = SioClient.start(this.node, server.url());
		client.connect("/", Transport.WEBSOCKET).connect("/admin", Transport.WEBSOCKET);
		client.connect("own", "/admin", Map.of("transports", List.of("websocket"), "forceNew", true));
		String main = client.awaitConnect("/", TIMEOUT);
		String admin = client.awaitConnect("/admin", TIMEOUT);
		String own = client.awaitConnect("own", TIMEOUT);
		assertThat(Set.of(main, admin, own)).as("a fresh id per namespace connection").hasSize(3);
		assertThat(SioClient.args(client.awaitEvent("/admin", "welcome", TIMEOUT)).get(0).asString())
			.isEqualTo("/admin");
		assertThat(SioClient.args(client.awaitEvent("own", "welcome", TIMEOUT)).get(0).asString()).isEqualTo("/admin");
		assertThat(client.received("/")).isEmpty();
		assertThat(connection(main, "/")).isEqualTo(connection(admin, "/admin"))
			.isNotEqualTo(connection(own, "/admin"));
		assertThat(client.reports("open", "/")).hasSize(1);
		assertThat(client.reports("open", "own")).hasSize(1);
		server.io().of("/admin").emit("news", 1);
		client.awaitEvent("/admin", "news", TIMEOUT);
		client.awaitEvent("own", "news", TIMEOUT);
		client.disconnect("/admin");
		assertThat(client.awaitReport("disconnect", "/admin", TIMEOUT).get("reason").asString())
			.isEqualTo("io client disconnect");
		server.io().emit("still", "here");
		client.awaitEvent("/", "still", TIMEOUT);
		assertThat(server.io().sockets().sockets()).containsKey(main);
	}

	@Test
	void anUnknownNamespaceIsRefusedWithInvalidNamespaceAndTheConnectionStaysUsable() {
		SioClient client = SioClient.start(this.node, server.url());
		client.connect("/", Transport.POLLING).connect("/nowhere", Transport.POLLING);
		client.awaitConnect("/", TIMEOUT);
		JsonNode error = client.awaitReport("connect_error", "/nowhere", TIMEOUT);
		assertThat(error.get("message").asString()).isEqualTo("Invalid namespace");
		assertThat(error.has("data")).isFalse();
		server.io().emit("alive");
		client.awaitEvent("/", "alive", TIMEOUT);
		assertThat(client.reports("disconnect", "/")).isEmpty();
	}

	@Test
	void aRefusalReachesTheClientWithItsMessageAndDataAndARetryWithBetterAuthConnects() {
		SioClient client = SioClient.start(this.node, server.url());
		client.connect("/secure", "/secure",
				Map.of("transports", List.of("websocket"), "auth", Map.of("token", "bad")));
		JsonNode refused = client.awaitReport("connect_error", "/secure", TIMEOUT);
		assertThat(refused.get("message").asString()).isEqualTo("not authorized");
		assertThat(refused.get("data")).isEqualTo(SioJson.tree(REFUSAL_DATA));
		client.open("/secure", Map.of());
		JsonNode noToken = client.awaitReport("connect_error", "/secure", TIMEOUT);
		assertThat(noToken.get("message").asString()).isEqualTo("no token");
		assertThat(noToken.has("data")).isFalse();
		Map<String, Object> auth = Map.of("token", "letmein", "extra", List.of(1, "two"));
		client.open("/secure", auth);
		String id = client.awaitConnect("/secure", TIMEOUT);
		assertThat(SioClient.args(client.awaitEvent("/secure", "auth", TIMEOUT)).get(0)).isEqualTo(SioJson.tree(auth));
		assertThat(server.io().of("/secure").sockets().get(id).handshake().auth()).isEqualTo(SioJson.tree(auth));
		assertThat(client.reports("connect", "/secure")).hasSize(1);
	}

	@Test
	void aSocketWithoutAuthSeesAnEmptyAuthObject() {
		server.io().of("/plain").onConnection((socket) -> socket.emit("auth", socket.handshake().auth()));
		SioClient client = SioClient.start(this.node, server.url()).connect("/plain", Transport.UPGRADED);
		client.awaitConnect("/plain", TIMEOUT);
		JsonNode auth = SioClient.args(client.awaitEvent("/plain", "auth", TIMEOUT)).get(0);
		assertThat(auth.isObject()).isTrue();
		assertThat(auth.isEmpty()).isTrue();
	}

	@Test
	void dynamicNamespacesAreCreatedOnDemandAndReachedFromTheirParent() {
		List<Peer> one = Peer.connect(this.node, server.url(), "/workspace-1", Transport.WEBSOCKET, Transport.POLLING);
		List<Peer> two = Peer.connect(this.node, server.url(), "/workspace-22", Transport.UPGRADED);
		SioClient refused = SioClient.start(this.node, server.url())
			.connect("/workspace-x", Transport.WEBSOCKET)
			.connect("/workspace-3", "/workspace-3", Map.of("auth", Map.of("refuse", true), "reconnection", false));
		for (Peer peer : List.of(one.get(0), one.get(1), two.get(0))) {
			assertThat(SioClient.args(peer.client().awaitEvent(peer.socket(), "welcome", TIMEOUT)).get(0).asString())
				.isEqualTo(peer.nsp());
			assertThat(parentConnections).contains(peer.id());
		}
		assertThat(refused.awaitReport("connect_error", "/workspace-x", TIMEOUT).get("message").asString())
			.isEqualTo("Invalid namespace");
		JsonNode byParent = refused.awaitReport("connect_error", "/workspace-3", TIMEOUT);
		assertThat(byParent.get("message").asString()).isEqualTo("refused by the parent");
		assertThat(byParent.get("data")).isEqualTo(SioJson.tree(Map.of("child", true)));
		assertThat(dynamic.children()).extracting(Namespace::name).contains("/workspace-1", "/workspace-22");

		dynamic.emit("from-parent", 1);
		dynamic.to("members").emit("from-parent", 2);
		server.io().of("/workspace-1").emit("from-child", 3);
		for (Peer peer : List.of(one.get(0), one.get(1), two.get(0))) {
			List<JsonNode> events = peer.client().awaitEvents(peer.socket(), "from-parent", 2, TIMEOUT);
			assertThat(events).extracting((event) -> SioClient.args(event).get(0).asInt()).containsExactly(1, 2);
		}
		for (Peer peer : one) {
			peer.client().awaitEvent(peer.socket(), "from-child", TIMEOUT);
		}
		for (Peer peer : List.of(one.get(0), one.get(1), two.get(0))) {
			peer.client().answer(peer.socket(), "poll", peer.name() + peer.nsp());
		}
		List<Ack> acks = dynamic.timeout(TIMEOUT).emitWithAck("poll").block(TIMEOUT);
		assertThat(acks).extracting((ack) -> ack.get(0, String.class))
			.containsExactlyInAnyOrder("A/workspace-1", "B/workspace-1", "A/workspace-22");
		assertThat(dynamic.fetchSockets().block(TIMEOUT)).extracting(RemoteSocket::id)
			.containsExactlyInAnyOrder(one.get(0).id(), one.get(1).id(), two.get(0).id());
		assertThat(two.get(0).client().received("/workspace-22")).extracting((event) -> event.get("name").asString())
			.doesNotContain("from-child");
	}

	private static String connection(String socketId, String nsp) {
		return ((DefaultSocket) server.io().of(nsp).sockets().get(socketId)).client().connection().id();
	}

	private static Map<String, Object> refusalData() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("code", 4001);
		data.put("retry", true);
		data.put("details", Arrays.asList("expired", null, 2.5, Map.of("hint", "login")));
		return data;
	}

}
