package io.github.socketiospringboot.adapter.redis;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.socketiospringboot.adapter.cluster.RequestTimeoutException;
import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.server.SocketIOSocket;
import io.github.socketiospringboot.test.RedisServer;
import io.github.socketiospringboot.test.SocketIOTestClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Two Java servers on one real {@code redis-server}, a client on each, while Redis goes
 * away under traffic and comes back: local traffic goes on, cross-server operations fail
 * at once or time out (nothing is queued), and cross-server traffic flows again shortly
 * after Redis returns; malformed messages on the channels are logged and dropped.
 *
 * <p>
 * The Lettuce client reconnects with the backoff the README recommends: 100 ms, then
 * doubling up to 2 s (Lettuce's default doubles from 1 ms up to 30 s, see
 * {@link ClassicRedisFaultTests}).
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractRedisFaultTests {

	static final Duration WAIT = Duration.ofSeconds(10);

	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

	/** How soon a failing cross-server operation must report it. */
	static final Duration FAIL_FAST = Duration.ofSeconds(1);

	private static final AtomicInteger prefixes = new AtomicInteger();

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

	RedisServer redis;

	ClientResources resources;

	RedisClient client;

	String prefix;

	ClusterNode a;

	ClusterNode b;

	SocketIOTestClient ca;

	SocketIOTestClient cb;

	/**
	 * Creates the adapters of one server.
	 */
	abstract RedisAdapterFactory adapters(Supplier<RedisClient> client, String prefix, Duration requestTimeout);

	/**
	 * Waits until the servers listen to what is published for these rooms.
	 */
	abstract void awaitRoomChannels(String... rooms);

	/**
	 * Publishes malformed messages where the adapters listen.
	 * @return how many times they are expected to be dropped (once per server that
	 * decodes them)
	 */
	abstract int publishMalformedMessages();

	@BeforeEach
	void startCluster() {
		this.redis = RedisServer.start();
		this.resources = ClientResources.builder()
			.reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
			.build();
		this.client = RedisClient.create(this.resources, this.redis.uri());
		this.prefix = "fault" + prefixes.incrementAndGet();
		this.a = node(this.client);
		this.b = node(this.client);
		await().atMost(WAIT).until(() -> serverCount(this.a.io()) == 2 && serverCount(this.b.io()) == 2);
		this.ca = client(this.a, "client=cA&rooms=roomA");
		this.cb = client(this.b, "client=cB&rooms=roomB");
		// the CONNECT packet goes out before the connection handler joins the rooms
		await().atMost(WAIT)
			.until(() -> AbstractRedisClusterTests.inRooms(this.a, this.ca, "roomA")
					&& AbstractRedisClusterTests.inRooms(this.b, this.cb, "roomB"));
		awaitRoomChannels("roomA", "roomB");
	}

	@AfterEach
	void stopCluster() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.resources.shutdown(0, 2, TimeUnit.SECONDS);
		this.redis.close();
	}

	ClusterNode node(RedisClient redisClient) {
		ClusterNode node = ClusterNode.start(adapters(() -> redisClient, this.prefix, REQUEST_TIMEOUT));
		node.io().onConnection(AbstractRedisFaultTests::setUp);
		this.closeables.add(node);
		return node;
	}

	private static void setUp(SocketIOSocket socket) {
		List<String> rooms = socket.handshake().query().get("rooms");
		if (rooms != null) {
			socket.join(Set.of(rooms.get(0).split(",")));
		}
	}

	SocketIOTestClient client(ClusterNode node, String query) {
		SocketIOTestClient socket = SocketIOTestClient.connect(this.http, node.ws(), query);
		this.closeables.add(0, socket);
		return socket;
	}

	static int serverCount(SocketIOServer io) {
		return io.sockets().adapter().serverCount().onErrorReturn(-1).block(WAIT);
	}

	static long count(SocketIOTestClient client, String event) {
		return client.received().stream().filter(event::equals).count();
	}

	static long millisSince(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	/**
	 * Broadcasts probes from {@code from} every 50 ms until {@code to} receives one.
	 * @return how long it took, in ms
	 */
	static long awaitCrossServerBroadcast(ClusterNode from, SocketIOTestClient to, String event) {
		long start = System.nanoTime();
		AtomicInteger probes = new AtomicInteger();
		await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50)).until(() -> {
			from.io().emit(event, probes.incrementAndGet());
			return count(to, event) > 0;
		});
		return millisSince(start);
	}

	/**
	 * Returns how soon after Redis restarted every cross-server operation works again:
	 * the Lettuce connections of a server reconnect each on its own backoff (here at most
	 * 2 s apart).
	 * @return 5 s unless overridden
	 */
	Duration recoveryBound() {
		return Duration.ofSeconds(5);
	}

	@Test
	void whenRedisStopsUnderTrafficLocalTrafficGoesOnCrossServerOperationsFailFastAndAllRecovers(CapturedOutput output)
			throws Exception {
		this.ca.answer("ask", (args) -> List.of("from-cA"));
		this.cb.answer("ask", (args) -> List.of("from-cB"));
		List<String> silentCalls = new CopyOnWriteArrayList<>();
		this.b.io().sockets().onServerSideEmit("silent", (event) -> silentCalls.add(event.name()));
		this.b.io().sockets().onServerSideEmit("question", (event) -> event.ack("answer-from-B"));
		ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
		AtomicInteger ticks = new AtomicInteger();
		traffic.scheduleAtFixedRate(() -> {
			int tick = ticks.incrementAndGet();
			this.a.io().emit("tick-a", tick);
			this.b.io().emit("tick-b", tick);
		}, 0, 20, TimeUnit.MILLISECONDS);
		try {
			await().atMost(WAIT).until(() -> count(this.cb, "tick-a") > 0 && count(this.ca, "tick-b") > 0);
			assertThat(this.a.io().local().timeout(Duration.ofSeconds(2)).emitWithAck("ask").block(WAIT))
				.extracting(Ack::socketId)
				.containsExactly(this.ca.id());
			// a request under way when Redis goes: B never answers it
			CompletableFuture<List<JsonNode>> underWay = this.a.io()
				.serverSideEmitWithAck(REQUEST_TIMEOUT, "silent")
				.toFuture();
			await().atMost(WAIT).until(() -> silentCalls.size() == 1);

			long stopped = System.nanoTime();
			this.redis.stop();
			await().atMost(WAIT)
				.until(() -> !this.a.adapters().transport().isConnected()
						&& !this.b.adapters().transport().isConnected());
			long detected = millisSince(stopped);

			// the request under way ends with the request timeout, not a hang
			assertThat(underWay).failsWithin(REQUEST_TIMEOUT.plus(WAIT))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(RequestTimeoutException.class)
				.withMessage("timeout reached: only 0 responses received out of 1");

			// local traffic goes on on each server
			long localA = count(this.ca, "tick-a");
			long localB = count(this.cb, "tick-b");
			await().atMost(WAIT)
				.until(() -> count(this.ca, "tick-a") > localA + 5 && count(this.cb, "tick-b") > localB + 5);
			this.a.io().emit("during-a");
			this.b.io().emit("during-b");
			this.ca.await("during-a");
			this.cb.await("during-b");
			List<Ack> localAcks = this.a.io().local().timeout(Duration.ofSeconds(2)).emitWithAck("ask").block(WAIT);
			assertThat(localAcks).extracting(Ack::socketId).containsExactly(this.ca.id());

			// cross-server operations fail at once, with a clear error
			long failing = System.nanoTime();
			SocketIOServer io = this.a.io();
			assertThatExceptionOfType(RedisUnavailableException.class).isThrownBy(() -> io.fetchSockets().block(WAIT))
				.withMessageContaining("Redis is not reachable");
			assertThatExceptionOfType(RedisUnavailableException.class)
				.isThrownBy(() -> io.timeout(Duration.ofSeconds(1)).emitWithAck("ask").block(WAIT));
			assertThatExceptionOfType(RedisUnavailableException.class)
				.isThrownBy(() -> io.serverSideEmitWithAck(Duration.ofSeconds(5), "question").block(WAIT));
			assertThatExceptionOfType(RedisUnavailableException.class)
				.isThrownBy(() -> io.sockets().adapter().allRooms().block(WAIT));
			assertThatExceptionOfType(RedisUnavailableException.class)
				.isThrownBy(() -> io.sockets().adapter().serverCount().block(WAIT));
			assertThat(Duration.ofMillis(millisSince(failing))).isLessThan(FAIL_FAST);

			// a flood of broadcasts during the outage: every publication fails at once,
			// none
			// is kept for later
			LettucePubSubTransport transport = this.a.adapters().transport();
			long flooding = System.nanoTime();
			for (int i = 0; i < 5_000; i++) {
				io.emit("flood", i);
				io.to("roomB").emit("flood", i);
			}
			for (int i = 0; i < 1_000; i++) {
				assertThatExceptionOfType(RedisUnavailableException.class)
					.isThrownBy(() -> transport.publish(this.prefix + "#/#", new byte[] { 1 }).block(WAIT));
			}
			long flood = millisSince(flooding);
			assertThat(Duration.ofMillis(flood)).isLessThan(Duration.ofSeconds(10));
			await().atMost(WAIT).until(() -> count(this.ca, "flood") == 5_000);

			long restarted = System.nanoTime();
			this.redis.restart();
			long broadcastAtoB = awaitCrossServerBroadcast(this.a, this.cb, "probe-a");
			long broadcastBtoA = awaitCrossServerBroadcast(this.b, this.ca, "probe-b");
			await().atMost(WAIT)
				.pollInterval(Duration.ofMillis(20))
				.until(() -> serverCount(this.a.io()) == 2 && serverCount(this.b.io()) == 2);
			long recovered = millisSince(restarted);
			System.out.printf(
					"%s: Redis loss detected after %d ms; %d broadcasts during the outage in %d ms; "
							+ "after the restart, cross-server broadcasts A->B after %d ms, then B->A after %d ms, "
							+ "server counts right after %d ms%n",
					getClass().getSimpleName(), detected, 10_000, flood, broadcastAtoB, broadcastBtoA, recovered);
			assertThat(Duration.ofMillis(recovered)).isLessThan(recoveryBound());

			// every cross-server operation works again, and nothing of the outage came
			// late
			List<Ack> acks = io.timeout(Duration.ofSeconds(5)).emitWithAck("ask").block(WAIT);
			assertThat(acks).extracting((ack) -> ack.get(0, String.class))
				.containsExactlyInAnyOrder("from-cA", "from-cB");
			assertThat(io.fetchSockets().block(WAIT)).extracting(RemoteSocket::id)
				.containsExactlyInAnyOrder(this.ca.id(), this.cb.id());
			assertThat(io.serverSideEmitWithAck(Duration.ofSeconds(5), "question").block(WAIT)).map(JsonNode::asString)
				.containsExactly("answer-from-B");
			io.emit("marker");
			this.cb.await("marker");
			assertThat(this.cb.received()).doesNotContain("flood", "during-a");
			assertThat(this.ca.received()).doesNotContain("during-b");
		}
		finally {
			traffic.shutdownNow();
		}
		// the acknowledgement timeout of the broadcast that failed has passed
		Thread.sleep(1200);
		assertThat(output.getAll()).doesNotContain("onErrorDropped", "Listener of Redis channel");
	}

	@Test
	void malformedMessagesAreLoggedAndDropped(CapturedOutput output) {
		int expected = publishMalformedMessages();
		await().atMost(WAIT).until(() -> dropped(output) >= expected);
		this.a.io().to("roomB").emit("after", 1);
		assertThat(this.cb.await("after").arg(0).asInt()).isEqualTo(1);
		this.b.io().to("roomA").emit("after-b");
		this.ca.await("after-b");
		assertThat(this.a.io().fetchSockets().block(WAIT)).extracting(RemoteSocket::id)
			.containsExactlyInAnyOrder(this.ca.id(), this.cb.id());
		assertThat(dropped(output)).isEqualTo(expected);
		assertThat(output.getAll()).doesNotContain("Listener of Redis channel");
		assertThat(this.cb.received()).containsExactly("after");
		assertThat(this.ca.received()).containsExactly("after-b");
	}

	static long dropped(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains("Dropped a malformed message")).count();
	}

	/**
	 * Publishes raw bytes with a connection of its own.
	 */
	void publishRaw(boolean sharded, String channel, byte[] payload, int receivers) {
		try (var connection = this.client.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE)) {
			byte[] name = channel.getBytes(StandardCharsets.UTF_8);
			long received = sharded ? connection.sync().spublish(name, payload)
					: connection.sync().publish(name, payload);
			assertThat(received).as("receivers of %s", channel).isEqualTo(receivers);
		}
	}

	static byte[] text(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static Map<String, Object> map(Object... keyValues) {
		Map<String, Object> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			map.put((String) keyValues[i], keyValues[i + 1]);
		}
		return map;
	}

}
