package io.github.socketiospringboot.adapter.redis;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import io.github.socketiospringboot.autoconfigure.SocketIOAdapterAutoConfiguration;
import io.github.socketiospringboot.autoconfigure.SocketIOAutoConfiguration;
import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.test.RedisServer;
import io.github.socketiospringboot.test.SocketIOTestClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis adapters on a master that Redis Sentinel names, configured with nothing but
 * Spring Boot's {@code spring.data.redis.sentinel.*} settings: two Java servers (two
 * application contexts) on a real {@code redis-server} and a real Sentinel share
 * broadcasts and broadcast acknowledgements, with both protocols, and follow the master
 * when Sentinel fails it over to its replica.
 */
class RedisSentinelTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final String MASTER_NAME = "mymaster";

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
				SocketIOAdapterAutoConfiguration.class, SocketIOAutoConfiguration.class))
		.withUserConfiguration(ReconnectQuickly.class);

	private final List<RedisServer> processes = new CopyOnWriteArrayList<>();

	private RedisServer master;

	private @Nullable RedisServer replica;

	private RedisServer sentinel;

	@AfterEach
	void stopRedis() {
		this.processes.forEach(RedisServer::close);
	}

	/**
	 * Starts the master and its Sentinel, which fails the master over after one second
	 * without an answer.
	 */
	private void startMasterAndSentinel(boolean withReplica) {
		this.master = closing(RedisServer.start());
		if (withReplica) {
			this.replica = closing(RedisServer.startReplica(this.master));
			// the Sentinel learns the replicas from its first look at the master
			awaitReplicaInSync(this.replica);
		}
		this.sentinel = closing(RedisServer.startSentinel(MASTER_NAME, this.master, Duration.ofSeconds(1)));
		if (this.replica != null) {
			awaitSentinelKnowsReplica(this.replica);
		}
	}

	private RedisServer closing(RedisServer process) {
		this.processes.add(0, process);
		return process;
	}

	private ReactiveWebApplicationContextRunner server(String type) {
		return this.runner.withPropertyValues("socketio.adapter.type=" + type,
				"spring.data.redis.sentinel.master=" + MASTER_NAME,
				"spring.data.redis.sentinel.nodes=127.0.0.1:" + this.sentinel.port(),
				// nothing answers there: the adapters must go through the Sentinel
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1");
	}

	/**
	 * Starts two application contexts of an adapter type, serves their Socket.IO servers,
	 * runs the test on them, then closes the clients, servers and contexts.
	 */
	private void onTwoServers(String type, BiConsumer<ContextNode, ContextNode> test) {
		server(type).run((contextA) -> server(type).run((contextB) -> {
			ContextNode a = new ContextNode(contextA);
			ContextNode b = new ContextNode(contextB);
			try {
				test.accept(a, b);
			}
			finally {
				a.close();
				b.close();
			}
		}));
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "redis-sharded" })
	void twoServersOnAMasterFoundThroughSentinelShareBroadcastsAndAcknowledgements(String type) {
		startMasterAndSentinel(false);
		onTwoServers(type, (a, b) -> {
			assertThat(a.context().getBean(LettuceConnectionFactory.class).getSentinelConfiguration()).isNotNull();
			assertThat(a.context().getBean(RedisAdapterFactory.class).type()).isEqualTo(type);
			await().atMost(WAIT).until(() -> serverCount(a.io()) == 2 && serverCount(b.io()) == 2);
			// the subscriptions are on the master the Sentinel named
			assertThat(subscribersOnMaster(type)).isEqualTo(2);

			SocketIOTestClient ca = a.client("rooms=roomA");
			SocketIOTestClient cb = b.client("rooms=room1");
			await().atMost(WAIT).until(() -> a.inRooms(ca, "roomA") && b.inRooms(cb, "room1"));
			awaitRoomChannels(type, "roomA", "room1");

			a.io().emit("hello", "world", Map.of("n", 1));
			assertThat(cb.await("hello").args().toString()).isEqualTo("[\"world\",{\"n\":1}]");
			b.io().to("roomA").emit("to-roomA", "from-b");
			assertThat(ca.await("to-roomA").arg(0).asString()).isEqualTo("from-b");

			ca.answer("ask", (args) -> List.of("from-cA"));
			cb.answer("ask", (args) -> List.of("from-cB"));
			List<Ack> acks = a.io().timeout(Duration.ofSeconds(5)).emitWithAck("ask", "question").block(WAIT);
			assertThat(acks).extracting(Ack::socketId).containsExactlyInAnyOrder(ca.id(), cb.id());
			assertThat(acks).extracting((ack) -> ack.get(0, String.class))
				.containsExactlyInAnyOrder("from-cA", "from-cB");
			List<Ack> fromB = b.io().to("roomA").timeout(Duration.ofSeconds(5)).emitWithAck("ask").block(WAIT);
			assertThat(fromB).extracting(Ack::socketId).containsExactly(ca.id());
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "redis-sharded" })
	void whenSentinelFailsTheMasterOverTheServersFollowTheNewMaster(String type) {
		startMasterAndSentinel(true);
		onTwoServers(type, (a, b) -> {
			await().atMost(WAIT).until(() -> serverCount(a.io()) == 2 && serverCount(b.io()) == 2);
			SocketIOTestClient ca = a.client("rooms=roomA");
			SocketIOTestClient cb = b.client("rooms=room1");
			await().atMost(WAIT).until(() -> a.inRooms(ca, "roomA") && b.inRooms(cb, "room1"));
			awaitRoomChannels(type, "roomA", "room1");
			a.io().emit("before");
			cb.await("before");

			this.master.stop();
			// local traffic goes on while there is no master
			b.io().emit("local-while-down");
			cb.await("local-while-down");
			int promoted = this.replica.port();
			await().atMost(Duration.ofSeconds(30)).until(() -> masterPort() == promoted);

			awaitCrossServerBroadcast(a, cb, "after-a");
			awaitCrossServerBroadcast(b, ca, "after-b");
			await().atMost(WAIT).until(() -> serverCount(a.io()) == 2 && serverCount(b.io()) == 2);
			ca.answer("ask", (args) -> List.of("from-cA"));
			cb.answer("ask", (args) -> List.of("from-cB"));
			List<Ack> acks = a.io().timeout(Duration.ofSeconds(5)).emitWithAck("ask").block(WAIT);
			assertThat(acks).extracting(Ack::socketId).containsExactlyInAnyOrder(ca.id(), cb.id());
		});
	}

	/**
	 * Broadcasts probes every 50 ms until the client of the other server receives one.
	 */
	private static void awaitCrossServerBroadcast(ContextNode from, SocketIOTestClient to, String event) {
		AtomicInteger probes = new AtomicInteger();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
			from.io().emit(event, probes.incrementAndGet());
			return to.received().contains(event);
		});
	}

	private static int serverCount(SocketIOServer io) {
		return io.sockets().adapter().serverCount().onErrorReturn(-1).block(WAIT);
	}

	/**
	 * Counts the subscribers of the channel that counts the servers, on the master
	 * itself.
	 */
	private long subscribersOnMaster(String type) {
		RedisClient client = RedisClient.create(this.master.uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return type.equals("redis")
					? connection.sync().pubsubNumsub("socket.io-request#/#").get("socket.io-request#/#")
					: connection.sync().pubsubShardNumsub("socket.io#/#").get("socket.io#/#");
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	/**
	 * Waits until both servers listen on the rooms' own channels ({@code redis-sharded}
	 * only; the classic servers match room channels with a pattern).
	 */
	private void awaitRoomChannels(String type, String... rooms) {
		if (type.equals("redis")) {
			return;
		}
		RedisClient client = RedisClient.create(this.master.uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			for (String room : rooms) {
				String channel = "socket.io#/#" + room + "#";
				await().atMost(WAIT).until(() -> connection.sync().pubsubShardNumsub(channel).get(channel) >= 1);
			}
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	private int masterPort() {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + this.sentinel.port());
		try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel()) {
			return ((InetSocketAddress) connection.sync().getMasterAddrByName(MASTER_NAME)).getPort();
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	private static void awaitReplicaInSync(RedisServer replica) {
		RedisClient client = RedisClient.create(replica.uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			await().atMost(WAIT).until(() -> connection.sync().info("replication").contains("master_link_status:up"));
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	private void awaitSentinelKnowsReplica(RedisServer replica) {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + this.sentinel.port());
		try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel()) {
			await().atMost(WAIT)
				.until(() -> connection.sync()
					.replicas(MASTER_NAME)
					.stream()
					.anyMatch((known) -> known.get("port").equals(Integer.toString(replica.port()))
							&& known.get("flags").equals("slave") && known.get("master-link-status").equals("ok")));
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	/**
	 * Lettuce's reconnection delay as the README recommends bounding it.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ReconnectQuickly {

		@Bean
		ClientResourcesBuilderCustomizer socketIORedisReconnection() {
			return (builder) -> builder.reconnectDelay(
					Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
		}

	}

}
