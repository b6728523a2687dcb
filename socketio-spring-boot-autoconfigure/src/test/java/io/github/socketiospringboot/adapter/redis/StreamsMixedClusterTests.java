package io.github.socketiospringboot.adapter.redis;

import io.github.socketiospringboot.test.RedisServer;
import org.junit.jupiter.api.BeforeAll;

import static org.awaitility.Awaitility.await;

/**
 * The mixed cluster on a Redis stream: the Node server's
 * {@code @socket.io/redis-streams-adapter} 0.3.1 beside our streams adapter, every
 * operation crossing in both directions (broadcasts and room changes through the stream,
 * requests and answers on pub/sub).
 */
class StreamsMixedClusterTests extends AbstractMixedClusterTests {

	@BeforeAll
	static void start() {
		startCluster(TestRedis.standalone(), "streams", "mixed-streams",
				(redis) -> redis.streams(StreamsRedisClusterTests.options("mixed-streams", REQUEST_TIMEOUT)));
		RedisServer server = ((TestRedis.Standalone) redis).server();
		// both servers read the stream: the Java loop knows where it ends, and two
		// connections wait in XREAD
		await().atMost(WAIT).until(() -> java.adapters().streams().lastRead("mixed-streams") != null);
		await().atMost(WAIT).until(() -> blockedReads(server) >= 2);
	}

	static long blockedReads(RedisServer server) {
		return server.command("CLIENT", "LIST").lines().filter((line) -> line.contains("cmd=xread")).count();
	}

}
