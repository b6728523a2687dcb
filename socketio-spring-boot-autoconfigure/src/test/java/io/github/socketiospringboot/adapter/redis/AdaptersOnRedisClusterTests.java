package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;

import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions.SubscriptionMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

import static org.awaitility.Awaitility.await;

/**
 * Two Java servers on a real Redis Cluster (three masters, three replicas), for each
 * adapter type and subscription mode, every cluster-wide operation of the adapter SPI:
 * the classic protocol with its subscriptions on one master and its publications carried
 * to every node by the cluster; the streams protocol with its stream written and read on
 * the master of the stream key's slot; sharded pub/sub with each channel subscribed and
 * published on the master of its slot; the servers counted over the masters.
 */
class AdaptersOnRedisClusterTests {

	private static TestRedis redis;

	@BeforeAll
	static void startCluster() {
		redis = TestRedis.cluster();
	}

	@AfterAll
	static void stopCluster() {
		redis.close();
	}

	@Nested
	class Classic extends AbstractRedisClusterTests {

		@Override
		TestRedis redis() {
			return redis;
		}

		@Override
		boolean sharded() {
			return false;
		}

	}

	@Nested
	class ShardedDynamic extends AbstractRedisClusterTests {

		@Override
		TestRedis redis() {
			return redis;
		}

		@Override
		boolean sharded() {
			return true;
		}

	}

	@Nested
	class ShardedStatic extends AbstractRedisClusterTests {

		@Override
		TestRedis redis() {
			return redis;
		}

		@Override
		boolean sharded() {
			return true;
		}

		@Override
		SubscriptionMode mode() {
			return SubscriptionMode.STATIC;
		}

	}

	@Nested
	class ShardedDynamicPrivate extends AbstractRedisClusterTests {

		@Override
		TestRedis redis() {
			return redis;
		}

		@Override
		boolean sharded() {
			return true;
		}

		@Override
		SubscriptionMode mode() {
			return SubscriptionMode.DYNAMIC_PRIVATE;
		}

	}

	@Nested
	class Streams extends AbstractRedisClusterTests {

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
			return redis().streams(StreamsRedisClusterTests.options(prefix, requestTimeout));
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

}
