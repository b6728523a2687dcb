package io.github.socketiospringboot.adapter.redis;

import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions.SubscriptionMode;
import org.junit.jupiter.api.BeforeAll;

/**
 * The mixed cluster on a Redis Cluster of three masters and three replicas: the Node
 * server's {@code createShardedAdapter} on node-redis's cluster client (dynamic
 * subscription mode) beside our sharded adapter on Lettuce's; each shard channel on the
 * master of its slot, the servers of both kinds counted over the masters.
 */
class ShardedMixedRedisClusterTests extends AbstractMixedClusterTests {

	@BeforeAll
	static void start() {
		startCluster(TestRedis.cluster(), "sharded", "mixed-cluster", (redis) -> redis
			.sharded(new ShardedOptions("mixed-cluster", REQUEST_TIMEOUT, SubscriptionMode.DYNAMIC)));
	}

}
