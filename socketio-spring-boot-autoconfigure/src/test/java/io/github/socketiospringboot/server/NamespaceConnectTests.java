package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.socketiospringboot.test.RawWebSocket;
import io.github.socketiospringboot.test.TestSocketIOServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Joining namespaces through raw frames: the CONNECT answer, refusals by middlewares
 * (protocol.md §3.2) and dynamic namespaces.
 */
class NamespaceConnectTests {

	private static TestSocketIOServer server;

	private static ParentNamespace dynamic;

	@BeforeAll
	static void start() {
		server = SuiteApplication.start(SocketIOOptions.defaults());
		SocketIOServer io = server.io();
		io.of("/guarded")
			.use((socket) -> "ok".equals(socket.handshake().auth().path("token").asString()) ? Mono.empty()
					: Mono.error(new ConnectionRefusedException("not authorized", Map.of("retry", true))));
		io.of("/broken").use((socket) -> Mono.error(new IllegalStateException("middleware failed")));
		io.of("/throwing").use((socket) -> {
			throw new IllegalArgumentException("thrown");
		});
		io.of("/slow").use((socket) -> Mono.delay(Duration.ofMillis(20)).then());
		dynamic = io.of(Pattern.compile("^/dyn-\\d+$"));
		dynamic.use((socket) -> socket.handshake().auth().has("deny")
				? Mono.error(new ConnectionRefusedException("denied")) : Mono.empty());
		dynamic.onConnection((socket) -> socket.emit("hello", socket.namespace().name()));
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	private static RawWebSocket openSession() {
		return RawWebSocket.openSession(server);
	}

	private static String sid(String connectAnswer, String prefix) {
		assertThat(connectAnswer).startsWith(prefix);
		JsonNode payload = RawWebSocket.json(connectAnswer.substring(prefix.length()));
		assertThat(payload.propertyNames()).containsExactly("sid");
		return payload.get("sid").stringValue();
	}

	@Test
	void connectAnswerCarriesOnlyAFreshSocketIdPerNamespaceThatIsNotTheSessionId() {
		try (RawWebSocket ws = RawWebSocket.open(server.ws("EIO=4&transport=websocket"))) {
			String open = ws.nextText();
			String engineSid = RawWebSocket.json(open.substring(1)).get("sid").stringValue();
			ws.send("40");
			String mainId = sid(ws.nextPacket(), "40");
			ws.nextPacket();
			ws.send("40/custom,");
			String customId = sid(ws.nextPacket(), "40/custom,");
			assertThat(mainId).isNotEqualTo(engineSid).isNotEqualTo(customId);
			assertThat(customId).isNotEqualTo(engineSid);
			assertThat(server.io().sockets().sockets()).containsKey(mainId);
			assertThat(server.io().of("/custom").sockets()).containsKey(customId);
		}
	}

	@Test
	void twoConnectionsGetDifferentSocketIds() {
		try (RawWebSocket first = openSession(); RawWebSocket second = openSession()) {
			first.send("40");
			second.send("40");
			assertThat(sid(first.nextPacket(), "40")).isNotEqualTo(sid(second.nextPacket(), "40"));
		}
	}

	@Test
	void refusalByAMiddlewareCarriesItsMessageAndDataAndKeepsTheConnection() {
		try (RawWebSocket ws = openSession()) {
			ws.send("40/guarded,");
			assertThat(ws.nextPacket())
				.isEqualTo("44/guarded,{\"message\":\"not authorized\",\"data\":{\"retry\":true}}");
			ws.send("40/guarded,{\"token\":\"ok\"}");
			String id = sid(ws.nextPacket(), "40/guarded,");
			assertThat(server.io().of("/guarded").sockets()).containsKey(id);
		}
	}

	@Test
	void refusalByAnotherErrorCarriesItsMessageWithoutData() {
		try (RawWebSocket ws = openSession()) {
			ws.send("40/broken,");
			assertThat(ws.nextPacket()).isEqualTo("44/broken,{\"message\":\"middleware failed\"}");
			ws.send("40");
			sid(ws.nextPacket(), "40");
		}
	}

	@Test
	void middlewareThatThrowsRefusesWithTheExceptionsMessage() {
		try (RawWebSocket ws = openSession()) {
			ws.send("40/throwing,");
			assertThat(ws.nextPacket()).isEqualTo("44/throwing,{\"message\":\"thrown\"}");
		}
	}

	@Test
	void asynchronousMiddlewareLetsTheSocketInOnceItCompletes() {
		try (RawWebSocket ws = openSession()) {
			ws.send("40/slow,");
			sid(ws.nextPacket(), "40/slow,");
		}
	}

	@Test
	void refusedSocketIsNotInTheNamespace() {
		try (RawWebSocket ws = openSession()) {
			ws.send("40/guarded,{\"token\":\"wrong\"}");
			assertThat(ws.nextPacket()).startsWith("44/guarded,");
			assertThat(server.io().of("/guarded").sockets().values())
				.noneMatch((socket) -> socket.handshake().auth().has("token")
						&& "wrong".equals(socket.handshake().auth().get("token").asString()));
		}
	}

	@Test
	void dynamicNamespaceAcceptsAMatchingNameWithTheParentsHandlers() {
		try (RawWebSocket ws = openSession()) {
			ws.send("40/dyn-1,");
			String id = sid(ws.nextPacket(), "40/dyn-1,");
			assertThat(ws.nextPacket()).isEqualTo("42/dyn-1,[\"hello\",\"/dyn-1\"]");
			assertThat(dynamic.children()).extracting(Namespace::name).contains("/dyn-1");
			assertThat(server.io().of("/dyn-1").sockets()).containsKey(id);
			// and nothing else was sent for that CONNECT
			ws.send("40");
			sid(ws.nextPacket(), "40");
		}
	}

	@Test
	void dynamicNamespaceRunsTheParentsMiddlewares() {
		try (RawWebSocket ws = openSession()) {
			ws.send("40/dyn-2,{\"deny\":true}");
			assertThat(ws.nextPacket()).isEqualTo("44/dyn-2,{\"message\":\"denied\"}");
			ws.send("40/dyn-2,");
			sid(ws.nextPacket(), "40/dyn-2,");
		}
	}

	@Test
	void dynamicNamespaceRefusesANameThatDoesNotMatch() {
		try (RawWebSocket ws = openSession()) {
			ws.send("40/other,");
			assertThat(ws.nextPacket()).isEqualTo("44/other,{\"message\":\"Invalid namespace\"}");
			ws.send("40/dyn-x,");
			assertThat(ws.nextPacket()).isEqualTo("44/dyn-x,{\"message\":\"Invalid namespace\"}");
			// JavaScript's $ does not match before a final line feed; Java's would
			ws.send("40/dyn-5\n,");
			assertThat(ws.nextPacket()).isEqualTo("44/dyn-5\n,{\"message\":\"Invalid namespace\"}");
			ws.send("40/dyn-3,");
			sid(ws.nextPacket(), "40/dyn-3,");
		}
	}

	@Test
	void broadcastFromTheParentReachesTheChildren() {
		try (RawWebSocket ws = openSession()) {
			ws.send("40/dyn-4,");
			sid(ws.nextPacket(), "40/dyn-4,");
			ws.nextPacket();
			dynamic.to(server.io().of("/dyn-4").sockets().keySet().toArray(String[]::new)).emit("news", 1);
			assertThat(ws.nextPacket()).isEqualTo("42/dyn-4,[\"news\",1]");
		}
	}

}
