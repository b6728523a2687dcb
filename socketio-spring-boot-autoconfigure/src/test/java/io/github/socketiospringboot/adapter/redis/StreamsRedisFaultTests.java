package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.socketiospringboot.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis going away and coming back under two Java servers on the Redis Streams adapter:
 * the shared scenario (local traffic goes on, cross-server operations fail fast, all
 * recovers after a restart, what was broadcast during the outage reaching only the
 * server's own clients), malformed entries and messages dropped, and reading connections
 * lost under traffic resuming after the last entry they read.
 */
class StreamsRedisFaultTests extends AbstractRedisFaultTests {

	@Override
	RedisAdapterFactory adapters(Supplier<RedisClient> client, String prefix, Duration requestTimeout) {
		return RedisAdapterFactory.streams(client, StreamsRedisClusterTests.options(prefix, requestTimeout));
	}

	/**
	 * Two more connections per server (stream commands and the reading loop) reconnect,
	 * each on its own backoff.
	 */
	@Override
	Duration recoveryBound() {
		return Duration.ofSeconds(8);
	}

	@Override
	void awaitRoomChannels(String... rooms) {
		// no room channels: the servers receive once their loops know where the stream
		// ends
		await().atMost(WAIT)
			.until(() -> this.a.adapters().streams().lastRead(this.prefix) != null
					&& this.b.adapters().streams().lastRead(this.prefix) != null);
	}

	@Override
	int publishMalformedMessages() {
		String main = this.prefix + "#/#";
		publishRaw(false, main, new byte[] { (byte) 0xc1 }, 2);
		publishRaw(false, main, text("[1]"), 2);
		// JSON on the streams adapter's channels is ignored, as by the Node adapter
		publishRaw(false, main, text("{\"type\":3,\"uid\":\"x\",\"nsp\":\"/\"}"), 2);
		try (StatefulRedisConnection<String, String> connection = this.client.connect()) {
			connection.sync().xadd(this.prefix, "uid", "x", "nsp", "/", "type", "3", "data", "{oops");
			connection.sync().xadd(this.prefix, "uid", "x", "nsp", "/", "type", "three", "data", "{}");
			connection.sync().xadd(this.prefix, "uid", "x", "nsp", "/", "type", "3", "data", "%%%");
			// no namespace: skipped, as by the Node adapter
			connection.sync().xadd(this.prefix, "uid", "x", "type", "3", "data", "{}");
		}
		return 2 * 2 + 2 * 3;
	}

	@Test
	void readingConnectionsLostUnderTrafficResumeAfterTheLastEntryTheyRead() {
		int total = 300;
		ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
		AtomicInteger sent = new AtomicInteger();
		traffic.scheduleAtFixedRate(() -> {
			for (int i = 0; i < 5 && sent.get() < total; i++) {
				this.b.io().emit("seq-" + sent.incrementAndGet());
			}
		}, 0, 5, TimeUnit.MILLISECONDS);
		int kills = 0;
		try {
			for (int round = 0; round < 3; round++) {
				int seen = sequence(this.ca.received()).size();
				await().atMost(WAIT)
					.until(() -> sequence(this.ca.received()).size() > seen + 20 || sent.get() == total);
				kills += killReadingConnections(this.redis);
			}
		}
		finally {
			traffic.shutdown();
		}
		await().atMost(WAIT).until(() -> sequence(this.ca.received()).size() == total);
		List<String> expected = new ArrayList<>();
		for (int i = 1; i <= total; i++) {
			expected.add("seq-" + i);
		}
		assertThat(sequence(this.ca.received())).containsExactlyElementsOf(expected);
		assertThat(kills).isPositive();
		this.b.io().emit("marker");
		this.ca.await("marker");
		assertThat(sequence(this.ca.received())).hasSize(total);
	}

	private static List<String> sequence(List<String> received) {
		return received.stream().filter((name) -> name.startsWith("seq-")).toList();
	}

	/** Kills the connections waiting in XREAD; Lettuce reconnects them. */
	private static int killReadingConnections(RedisServer redis) {
		int killed = 0;
		for (String line : redis.command("CLIENT", "LIST").lines().toList()) {
			if (line.contains("cmd=xread")) {
				String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
				redis.command("CLIENT", "KILL", "ID", id);
				killed++;
			}
		}
		return killed;
	}

}
