package io.github.socketiospringboot.adapter.redis;

import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions.SubscriptionMode;
import org.junit.jupiter.api.BeforeAll;

/**
 * The mixed cluster on Redis 7 sharded pub/sub: the Node server's
 * {@code createShardedAdapter} (dynamic subscription mode) beside our sharded adapter.
 */
class ShardedMixedClusterTests extends AbstractMixedClusterTests {

	@BeforeAll
	static void start() {
		startCluster(TestRedis.standalone(), "sharded", "mixed-sharded", (redis) -> redis
			.sharded(new ShardedOptions("mixed-sharded", REQUEST_TIMEOUT, SubscriptionMode.DYNAMIC)));
	}

}
