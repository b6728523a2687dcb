package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import io.github.socketiospringboot.adapter.PersistedSession;
import io.github.socketiospringboot.adapter.RestoredSession;

import io.github.socketiospringboot.test.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

/**
 * Two Java servers on a standalone Redis with the Redis Streams adapter
 * ({@code @socket.io/redis-streams-adapter} 0.3): every cluster-wide operation of the
 * adapter SPI, broadcasts and room changes through the stream, requests and answers on
 * pub/sub; and the sessions of connection state recovery, persisted by one server and
 * restored by the other with the broadcasts they missed.
 */
@ExtendWith(OutputCaptureExtension.class)
class StreamsRedisClusterTests extends AbstractRedisClusterTests {

	private static TestRedis redis;

	@BeforeAll
	static void startRedis() {
		redis = TestRedis.standalone();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Override
	TestRedis redis() {
		return redis;
	}

	@Override
	boolean sharded() {
		return false;
	}

	@Override
	RedisAdapterFactory adapters(String prefix, Duration requestTimeout) {
		return redis().streams(options(prefix, requestTimeout));
	}

	static StreamsOptions options(String prefix, Duration requestTimeout) {
		return new StreamsOptions(prefix, 1, prefix, false, 10_000, 100, Duration.ofSeconds(5), prefix + ":session:",
				requestTimeout, Duration.ofSeconds(30));
	}

	@Override
	String countedChannel(String namespace) {
		return this.prefix + "#" + namespace + "#";
	}

	@Override
	void awaitReady(ClusterNode node) {
		await().atMost(WAIT).until(() -> node.adapters().streams().lastRead(this.prefix) != null);
	}

	@Test
	void aSessionPersistedByOneServerIsRestoredByTheOtherWithTheBroadcastsItMissedOnce() {
		StreamsAdapter onA = (StreamsAdapter) this.a.io().sockets().adapter();
		StreamsAdapter onB = (StreamsAdapter) this.b.io().sockets().adapter();
		this.a.io().emit("before");
		this.cb.await("before");
		List<StreamEntry> entries = this.a.adapters().streams().range(this.prefix, "0-0", null).block(WAIT);
		String offset = entries.get(entries.size() - 1).id();
		ObjectNode data = JsonNodeFactory.instance.objectNode().put("user", "cX");
		onA.persistSession(new PersistedSession("sidX", "pidX", Set.of("sidX", "room1"), data));
		RedisServer server = ((TestRedis.Standalone) redis()).server();
		String key = this.prefix + ":session:pidX";
		await().atMost(WAIT).until(() -> server.command("EXISTS", key).trim().equals("1"));
		assertThat(Long.parseLong(server.command("PTTL", key).trim())).isBetween(1L, 30_000L);
		byte[] stored = Base64.getDecoder().decode(server.command("GET", key).trim());
		// the reference's map: sid, pid, rooms, data
		assertThat(stored).startsWith(0x84, 0xa3, 's', 'i', 'd');

		long length = Long.parseLong(server.command("XLEN", this.prefix).trim());
		this.a.io().to("room1").emit("m1", 1);
		// in the stream before what the other server sends next
		await().atMost(WAIT).until(() -> Long.parseLong(server.command("XLEN", this.prefix).trim()) > length);
		this.b.io().emit("m2", new byte[] { 7 });
		this.b.io().to("roomA").emit("not-in-my-rooms");
		this.a.io().except("room1").emit("excluded");
		this.b.io().to("sidX").emit("m3");
		this.b.io().local().emit("local-only");
		this.ca.await("excluded");
		this.cb.await("m2");

		RestoredSession restored = onB.restoreSession("pidX", offset).block(WAIT);
		assertThat(restored).isNotNull();
		assertThat(restored.session().sid()).isEqualTo("sidX");
		assertThat(restored.session().rooms()).containsExactlyInAnyOrder("sidX", "room1");
		assertThat(restored.session().data().get("user").asString()).isEqualTo("cX");
		assertThat(restored.missedPackets()).extracting((packet) -> packet.get(0).asString())
			.containsExactly("m1", "m2", "m3");
		ArrayNode first = restored.missedPackets().get(0);
		assertThat(first.get(1).asInt()).isEqualTo(1);
		assertThat(first.get(2).asString()).matches("[0-9]+-[0-9]+");
		assertThat(restored.missedPackets().get(1).get(1).binaryValue()).containsExactly(7);
		// read and deleted: a second attempt gets a new session
		assertThat(onB.restoreSession("pidX", offset).blockOptional(WAIT)).isEmpty();
		assertThat(server.command("EXISTS", key).trim()).isEqualTo("0");
	}

	@Test
	void aSessionIsNotRestoredWithAnUnknownOrMalformedOffsetOrOnceExpired() {
		StreamsAdapter onA = (StreamsAdapter) this.a.io().sockets().adapter();
		StreamsAdapter onB = (StreamsAdapter) this.b.io().sockets().adapter();
		this.a.io().emit("before");
		this.cb.await("before");
		List<StreamEntry> entries = this.a.adapters().streams().range(this.prefix, "0-0", null).block(WAIT);
		String offset = entries.get(entries.size() - 1).id();
		RedisServer server = ((TestRedis.Standalone) redis()).server();
		onA.persistSession(new PersistedSession("s1", "p1", Set.of("s1"), JsonNodeFactory.instance.nullNode()));
		await().atMost(WAIT).until(() -> server.command("EXISTS", this.prefix + ":session:p1").trim().equals("1"));
		assertThat(onB.restoreSession("p1", "not-an-offset").blockOptional(WAIT)).isEmpty();
		assertThat(onB.restoreSession("p1", "1-0").blockOptional(WAIT)).isEmpty();
		// the unknown offset consumed the session, as with the reference
		assertThat(onB.restoreSession("p1", offset).blockOptional(WAIT)).isEmpty();
		assertThat(onB.restoreSession("unknown", offset).blockOptional(WAIT)).isEmpty();
	}

	@Test
	void aSessionWhoseDataCannotBeWrittenIsKeptWithoutItsData(CapturedOutput output) {
		StreamsAdapter onA = (StreamsAdapter) this.a.io().sockets().adapter();
		StreamsAdapter onB = (StreamsAdapter) this.b.io().sockets().adapter();
		this.a.io().emit("before");
		this.cb.await("before");
		List<StreamEntry> entries = this.a.adapters().streams().range(this.prefix, "0-0", null).block(WAIT);
		String offset = entries.get(entries.size() - 1).id();
		ArrayNode deep = JsonNodeFactory.instance.arrayNode();
		ArrayNode inner = deep;
		for (int i = 0; i < 1000; i++) {
			inner = inner.addArray();
		}
		onA.persistSession(new PersistedSession("s2", "p2", Set.of("s2", "room1"), deep));
		RedisServer server = ((TestRedis.Standalone) redis()).server();
		await().atMost(WAIT).until(() -> server.command("EXISTS", this.prefix + ":session:p2").trim().equals("1"));
		assertThat(output.getAll()).contains("The data of socket s2 cannot be stored, its session is kept without it");
		RestoredSession restored = onB.restoreSession("p2", offset).block(WAIT);
		assertThat(restored.session().rooms()).containsExactlyInAnyOrder("s2", "room1");
		assertThat(restored.session().data().isNull()).isTrue();
	}

}
