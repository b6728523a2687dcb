package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.socketiospringboot.adapter.cluster.classic.ClassicOptions;
import io.lettuce.core.RedisClient;

/**
 * Two Java servers on Redis with the classic protocol ({@code createAdapter}).
 */
class ClassicRedisClusterTests extends AbstractRedisClusterTests {

	@Override
	RedisAdapterFactory adapters(Supplier<RedisClient> client, String prefix, Duration requestTimeout) {
		return RedisAdapterFactory.classic(client, new ClassicOptions(prefix, requestTimeout, false));
	}

	@Override
	String countedChannel(String namespace) {
		return this.prefix + "-request#" + namespace + "#";
	}

	@Override
	void awaitRoomChannels(String... rooms) {
		// room channels are matched by the namespace's pattern subscription
	}

	@Override
	LettucePubSubTransport silentPeer() {
		return LettucePubSubTransport.classic(() -> client, WAIT);
	}

}
