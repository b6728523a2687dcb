package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import io.github.socketiospringboot.adapter.cluster.classic.ClassicOptions;
import io.github.socketiospringboot.internal.cluster.ClusterCodec;
import io.github.socketiospringboot.test.SocketIOTestClient;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis going away and coming back under two Java servers on the classic protocol; and
 * how long recovery takes with Lettuce's default reconnection backoff, which is what a
 * Spring Boot application gets unless it customizes its client resources.
 */
class ClassicRedisFaultTests extends AbstractRedisFaultTests {

	@Override
	RedisAdapterFactory adapters(Supplier<RedisClient> client, String prefix, Duration requestTimeout) {
		return RedisAdapterFactory.classic(client, new ClassicOptions(prefix, requestTimeout, false));
	}

	@Override
	void awaitRoomChannels(String... rooms) {
		// room channels are matched by the namespace's pattern subscription
	}

	@Override
	int publishMalformedMessages() {
		String broadcast = this.prefix + "#/#";
		String request = this.prefix + "-request#/#";
		String response = this.prefix + "-response#/#";
		JsonMapper json = JsonMapper.shared();
		publishRaw(false, broadcast, new byte[] { (byte) 0xc1 }, 2);
		publishRaw(false, broadcast, text("{\"not\":\"an array\"}"), 2);
		publishRaw(false, broadcast, ClusterCodec.msgpack(json.readTree("[\"x\",{\"type\":2,\"data\":[]},{}]")), 2);
		// only B holds roomB: A drops it unread, as the Node adapter does
		publishRaw(false, this.prefix + "#/#roomB#", new byte[] { (byte) 0x93, (byte) 0xa1 }, 2);
		publishRaw(false, request, text("{oops"), 2);
		publishRaw(false, request, text("{\"type\":99}"), 2);
		publishRaw(false, request, text("{\"uid\":\"x\",\"type\":6,\"data\":\"nope\"}"), 2);
		publishRaw(false, request, text("{\"uid\":\"x\",\"requestId\":\"r\",\"type\":7,\"packet\":{\"data\":[]}}"), 2);
		publishRaw(false, request, new byte[0], 2);
		publishRaw(false, request, text("[]"), 2);
		publishRaw(false, response, new byte[] { 0 }, 2);
		return 2 * 10 + 1;
	}

	@Test
	void withLettucesDefaultReconnectionBackoffCrossServerTrafficResumesAfterAThreeSecondOutage() {
		RedisClient defaults = RedisClient.create(this.redis.uri());
		try {
			ClusterNode x = node(defaults);
			ClusterNode y = node(defaults);
			await().atMost(WAIT).until(() -> serverCount(x.io()) == 4 && serverCount(y.io()) == 4);
			SocketIOTestClient cy = client(y, "client=cY");
			awaitCrossServerBroadcast(x, cy, "before");

			long stopped = System.nanoTime();
			this.redis.stop();
			await().atMost(WAIT).until(() -> !x.adapters().transport().isConnected());
			await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
			long restarted = System.nanoTime();
			this.redis.restart();
			long broadcast = awaitCrossServerBroadcast(x, cy, "after");
			await().atMost(WAIT).until(() -> serverCount(x.io()) == 4 && serverCount(y.io()) == 4);
			long recovered = millisSince(restarted);
			System.out.printf(
					"Lettuce defaults: outage of %d ms; after the restart, cross-server broadcasts after "
							+ "%d ms, server counts right after %d ms%n",
					millisSince(stopped) - recovered, broadcast, recovered);
			// reconnection attempts 1, 2, 4, ... ms apart: the one after a 3 s outage
			// comes about 4.1 s
			// after the loss
			assertThat(Duration.ofMillis(recovered)).isLessThan(Duration.ofSeconds(8));
		}
		finally {
			defaults.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

}
