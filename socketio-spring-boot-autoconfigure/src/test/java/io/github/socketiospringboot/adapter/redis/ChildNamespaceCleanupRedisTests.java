package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.github.socketiospringboot.adapter.cluster.classic.ClassicOptions;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions.SubscriptionMode;
import io.github.socketiospringboot.internal.engine.EngineAccess;
import io.github.socketiospringboot.internal.web.CorsOptions;
import io.github.socketiospringboot.server.ParentNamespace;
import io.github.socketiospringboot.server.SocketIOOptions;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.test.NodeScripts;
import io.github.socketiospringboot.test.RedisServer;
import io.github.socketiospringboot.test.SioClient;
import io.github.socketiospringboot.test.TestEngineServer;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With a Redis adapter, a child namespace removed once empty
 * ({@code cleanupEmptyChildNamespaces}) unsubscribes from its channels, and the child
 * created again under its name subscribes again and receives the other servers'
 * broadcasts: the old adapter's unsubscriptions never cancel the new one's.
 */
class ChildNamespaceCleanupRedisTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final AtomicInteger prefixes = new AtomicInteger();

	private static RedisServer redis;

	private static RedisClient client;

	@RegisterExtension
	final NodeScripts node = NodeScripts.create();

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
		client = RedisClient.create(redis.uri());
	}

	@AfterAll
	static void stopRedis() {
		client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		redis.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "classic", "sharded" })
	void anEmptyChildUnsubscribesAndItsSuccessorSubscribesAgain(String protocol) {
		String prefix = "cleanup" + prefixes.incrementAndGet();
		Function<String, String> channel = protocol.equals("classic") ? (nsp) -> prefix + "-request#" + nsp + "#"
				: (nsp) -> prefix + "#" + nsp + "#";
		try (RedisAdapterFactory adaptersA = adapters(protocol, prefix);
				RedisAdapterFactory adaptersB = adapters(protocol, prefix);
				SocketIOServer a = new SocketIOServer(SocketIOOptions.defaults().withCleanupEmptyChildNamespaces(true),
						JsonMapper.shared(), adaptersA);
				SocketIOServer b = new SocketIOServer(SocketIOOptions.defaults(), JsonMapper.shared(), adaptersB);
				TestEngineServer http = TestEngineServer.mount("/socket.io/", EngineAccess.engine(a),
						CorsOptions.disabled())) {
			ParentNamespace rooms = a.of(Pattern.compile("^/room-\\d+$"));
			LettucePubSubTransport transport = adaptersA.transport();
			Map<String, Object> options = Map.of("transports", List.of("websocket"), "reconnection", false, "forceNew",
					true);
			SioClient sio = SioClient.start(this.node, "http://127.0.0.1:" + http.port());

			sio.connect("first", "/room-1", options);
			sio.awaitConnect("first", WAIT);
			await().atMost(WAIT).until(() -> subscribers(transport, channel.apply("/room-1")) == 1);
			assertThat(subscribers(transport, channel.apply(rooms.name()))).as("the parent subscribes to nothing")
				.isZero();

			sio.disconnect("first");
			await().atMost(WAIT).until(() -> rooms.children().isEmpty());
			await().atMost(WAIT).until(() -> subscribers(transport, channel.apply("/room-1")) == 0);

			sio.connect("second", "/room-1", options);
			sio.awaitConnect("second", WAIT);
			b.of("/room-1");
			await().atMost(WAIT).until(() -> subscribers(transport, channel.apply("/room-1")) == 2);
			b.of("/room-1").emit("across", "from b");
			assertThat(SioClient.args(sio.awaitEvent("second", "across", WAIT)).get(0).asString()).isEqualTo("from b");
		}
	}

	/**
	 * Counts the subscribers of a channel, -1 while the transport is still connecting.
	 */
	private static int subscribers(LettucePubSubTransport transport, String channel) {
		try {
			return transport.subscriberCount(channel).block(WAIT);
		}
		catch (RedisUnavailableException ex) {
			return -1;
		}
	}

	private static RedisAdapterFactory adapters(String protocol, String prefix) {
		Duration timeout = Duration.ofSeconds(2);
		return protocol.equals("classic")
				? RedisAdapterFactory.classic(() -> client, new ClassicOptions(prefix, timeout, false))
				: RedisAdapterFactory.sharded(() -> client,
						new ShardedOptions(prefix, timeout, SubscriptionMode.DYNAMIC));
	}

}
