package io.github.socketiospringboot.adapter.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Two Java servers on a standalone Redis 7 with sharded pub/sub
 * ({@code createShardedAdapter}, dynamic subscription mode).
 */
class ShardedRedisClusterTests extends AbstractRedisClusterTests {

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
		return true;
	}

}
