package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions;
import io.github.socketiospringboot.adapter.cluster.sharded.SubscriptionMode;
import io.lettuce.core.RedisClient;

import static org.awaitility.Awaitility.await;

/**
 * Two Java servers on Redis 7 sharded pub/sub ({@code createShardedAdapter}, dynamic
 * subscription mode).
 */
class ShardedRedisClusterTests extends AbstractRedisClusterTests {

	@Override
	RedisAdapterFactory adapters(Supplier<RedisClient> client, String prefix, Duration requestTimeout) {
		return RedisAdapterFactory.sharded(client,
				new ShardedOptions(prefix, requestTimeout, SubscriptionMode.DYNAMIC));
	}

	@Override
	String countedChannel(String namespace) {
		return this.prefix + "#" + namespace + "#";
	}

	@Override
	void awaitRoomChannels(String... rooms) {
		for (String room : rooms) {
			String channel = this.prefix + "#/#" + room + "#";
			await().atMost(WAIT).until(() -> this.a.adapters().transport().subscriberCount(channel).block(WAIT) >= 1);
		}
		// the /chat namespace's main channel, once both servers created it
		await().atMost(WAIT)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.a.adapters().transport().subscriberCount(this.prefix + "#/chat#").block(WAIT) == 2);
	}

	@Override
	LettucePubSubTransport silentPeer() {
		return LettucePubSubTransport.sharded(() -> client, WAIT);
	}

}
