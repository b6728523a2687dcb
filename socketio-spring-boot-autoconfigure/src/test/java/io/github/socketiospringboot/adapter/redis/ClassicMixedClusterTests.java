package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.socketiospringboot.adapter.cluster.classic.ClassicOptions;
import io.github.socketiospringboot.test.NodeProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mixed cluster on Redis pub/sub: the Node server's {@code createAdapter} beside our
 * classic adapter; and the official {@code @socket.io/redis-emitter} reaching the Java
 * server's clients.
 */
class ClassicMixedClusterTests extends AbstractMixedClusterTests {

	@BeforeAll
	static void start() {
		startCluster(TestRedis.standalone(), "classic", "mixed-classic",
				(redis) -> redis.classic(new ClassicOptions("mixed-classic", REQUEST_TIMEOUT, false)));
	}

	@Test
	void theOfficialEmitterReachesTheJavaServersClients() {
		String other = connect("cJ2", java.url(), "/", "other");
		String chat = connect("cJchat", java.url(), "/chat", "");
		javaServerSideEvents.clear();
		NodeProcess emitter = this.scripts.start("redis-emitter.mjs",
				json.writeValueAsString(Map.of("redis", redis.uri(), "prefix", prefix)));
		emitter.awaitEvent("ready", Duration.ofSeconds(30));

		emit(emitter, "emit", targets("event", "hello", "args", List.of("world", 42, Map.of("a", 1))));
		emit(emitter, "emit", targets("to", List.of(JAVA_ROOM), "event", "room-msg"));
		emit(emitter, "emit", targets("to", List.of(JAVA_ROOM, "other"), "event", "rooms-msg"));
		emit(emitter, "emit", targets("except", List.of(JAVA_ROOM), "event", "except-msg"));
		emit(emitter, "emit", targets("to", List.of(other), "event", "private"));
		emit(emitter, "emit", targets("event", "bin", "args", List.of(Map.of("$binary", "AQID"))));
		emit(emitter, "emit", targets("volatile", true, "event", "vol"));
		emit(emitter, "emit", targets("nsp", "/chat", "event", "chat-msg", "args", List.of("c")));
		emit(emitter, "emit", targets("event", "marker"));
		awaitEvent("cJ", "marker");
		awaitEvent("cJ2", "marker");
		awaitEvent("cN", "marker");
		// another namespace, another connection: no order with the marker
		assertThat(awaitEvent("cJchat", "chat-msg").get("args").toString()).isEqualTo("[\"c\"]");
		assertThat(received("cJ")).containsExactly("hello", "room-msg", "rooms-msg", "bin", "vol", "marker");
		assertThat(received("cJ2")).containsExactly("hello", "rooms-msg", "except-msg", "private", "bin", "vol",
				"marker");
		assertThat(received("cJchat")).containsExactly("chat-msg");
		assertThat(awaitEvent("cJ", "hello").get("args").toString()).isEqualTo("[\"world\",42,{\"a\":1}]");
		assertThat(awaitEvent("cJ", "bin").get("args").toString()).isEqualTo("[{\"$binary\":\"AQID\"}]");

		emit(emitter, "socketsJoin", targets("to", List.of(JAVA_ROOM), "rooms", List.of("e1", "e2")));
		await().atMost(WAIT).until(() -> javaRooms(this.cJ).containsAll(List.of("e1", "e2")));
		assertThat(javaRooms(other)).doesNotContain("e1", "e2");
		emit(emitter, "socketsLeave", targets("to", List.of("e1"), "rooms", List.of("e1")));
		await().atMost(WAIT).until(() -> !javaRooms(this.cJ).contains("e1"));
		assertThat(javaRooms(this.cJ)).contains("e2");

		emit(emitter, "serverSideEmit", targets("event", "from-emitter", "args", List.of("x", 2)));
		await().atMost(WAIT).until(() -> javaServerSideEvents.contains("from-emitter [\"x\", 2]"));

		emit(emitter, "disconnectSockets", targets("to", List.of("other"), "close", false));
		assertThat(awaitDisconnect("cJ2").get("reason").asString()).isEqualTo("io server disconnect");
		emit(emitter, "disconnectSockets", targets("nsp", "/chat", "close", true));
		awaitDisconnect("cJchat");
		await().atMost(WAIT).until(() -> java.io().of("/chat").sockets().isEmpty());
		assertThat(java.io().sockets().sockets()).containsOnlyKeys(this.cJ);
		assertThat(chat).isNotEmpty();
	}

	private static void emit(NodeProcess emitter, String cmd, Map<String, Object> command) {
		String id = cmd + System.nanoTime();
		command.put("cmd", cmd);
		command.put("id", id);
		emitter.send(command);
		JsonNode published = emitter.await((event) -> id.equals(event.path("id").asString("")), cmd, WAIT);
		assertThat(published.path("event").asString()).isEqualTo("published");
	}

}
