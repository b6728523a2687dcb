package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.socketiospringboot.adapter.cluster.ClusterAdapter;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions.SubscriptionMode;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions;
import io.lettuce.core.RedisClient;

import static org.awaitility.Awaitility.await;

/**
 * Redis going away and coming back under two Java servers on Redis 7 sharded pub/sub.
 */
class ShardedRedisFaultTests extends AbstractRedisFaultTests {

	@Override
	RedisAdapterFactory adapters(Supplier<RedisClient> client, String prefix, Duration requestTimeout) {
		return RedisAdapterFactory.sharded(client,
				new ShardedOptions(prefix, requestTimeout, SubscriptionMode.DYNAMIC));
	}

	@Override
	void awaitRoomChannels(String... rooms) {
		for (String room : rooms) {
			String channel = this.prefix + "#/#" + room + "#";
			await().atMost(WAIT).until(() -> this.a.adapters().transport().subscriberCount(channel).block(WAIT) >= 1);
		}
	}

	@Override
	int publishMalformedMessages() {
		String main = this.prefix + "#/#";
		publishRaw(true, main, new byte[] { (byte) 0xc1 }, 2);
		publishRaw(true, main, text("{oops"), 2);
		publishRaw(true, main, text("[1]"), 2);
		publishRaw(true, main, new byte[0], 2);
		publishRaw(true, main, text("{\"type\":99,\"uid\":\"x\",\"nsp\":\"/\"}"), 2);
		publishRaw(true, main, text("{\"type\":3,\"uid\":\"x\",\"nsp\":\"/\"}"), 2);
		publishRaw(true, main,
				text("{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[]}},\"uid\":\"x\",\"nsp\":\"/\"}"), 2);
		String privateOfB = this.prefix + "#/#" + ((ClusterAdapter) this.b.io().sockets().adapter()).uid() + "#";
		publishRaw(true, privateOfB, text("{\"type\":9,\"data\":{\"packet\":\"nope\"},\"uid\":\"x\",\"nsp\":\"/\"}"),
				1);
		publishRaw(true, this.prefix + "#/#roomB#", new byte[] { (byte) 0x82 }, 1);
		return 2 * 7 + 2;
	}

}
