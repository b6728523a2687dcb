package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;

import io.github.socketiospringboot.adapter.cluster.streams.StreamsOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.awaitility.Awaitility.await;

/**
 * Two Java servers on a standalone Redis with the Redis Streams adapter
 * ({@code @socket.io/redis-streams-adapter} 0.3): every cluster-wide operation of the
 * adapter SPI, broadcasts and room changes through the stream, requests and answers on
 * pub/sub.
 */
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

}
