package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

import io.github.socketiospringboot.adapter.cluster.RequestTimeoutException;
import io.github.socketiospringboot.autoconfigure.SocketIOAdapterAutoConfiguration;
import io.github.socketiospringboot.autoconfigure.SocketIOAutoConfiguration;
import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.AckTimeoutException;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import io.github.socketiospringboot.server.SocketIOServer;
import io.github.socketiospringboot.test.RedisCluster;
import io.github.socketiospringboot.test.RedisServer;
import io.github.socketiospringboot.test.SocketIOTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Java servers (two application contexts configured with nothing but Spring Boot's
 * {@code spring.data.redis.cluster.*}) on a real Redis Cluster of three masters and three
 * replicas ({@code cluster-node-timeout} 1000 ms), under traffic, while a master they
 * need is killed: for {@code redis-sharded}, the master of the main channel's slot; for
 * {@code redis}, the master that holds the first server's subscriptions; for
 * {@code redis-streams}, the master of the stream key's slot. Local traffic goes on;
 * cross-server operations that need the lost master fail within the request timeout with
 * the adapters' typed errors, not after Lettuce's 60 s command timeout; broadcasts that
 * do not need it keep crossing; and once its replica is promoted, everything resumes by
 * itself (for {@code redis-streams}, with each server's reading loop moved to the
 * promoted replica). The times are printed.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisClusterFailoverTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * How soon an operation that needs the lost master must fail once the loss is seen.
	 */
	private static final Duration FAIL_FAST = Duration.ofSeconds(1);

	private static final String PREFIX = "socket.io";

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
				SocketIOAdapterAutoConfiguration.class, SocketIOAutoConfiguration.class));

	private RedisCluster cluster;

	@AfterEach
	void stopCluster() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "redis", "redis-sharded" })
	void whenAMasterIsKilledUnderTrafficOperationsThatNeedItFailWithinTheRequestTimeoutAndAllResumesOnceItsReplicaIsPromoted(
			String type, CapturedOutput output) {
		this.cluster = RedisCluster.start(3, 1, TestRedis.NODE_TIMEOUT);
		boolean sharded = type.equals("redis-sharded");
		String main = PREFIX + "#/#";
		onTwoServers(type, (a, b) -> {
			assertThat(a.context().getBean(LettuceConnectionFactory.class).isClusterAware()).isTrue();
			assertThat(a.context().getBean(RedisAdapterFactory.class).type()).isEqualTo(type);
			await().atMost(WAIT).until(() -> serverCount(a.io()) == 2 && serverCount(b.io()) == 2);
			// the servers are subscribed where the reference counts them
			assertThat(this.cluster.subscribers(sharded, sharded ? main : PREFIX + "-request#/#")).isEqualTo(2);
			RedisServer victim = sharded ? this.cluster.masterOf(main)
					: this.cluster.nodeOn(port(a.transport().clusterHome()));
			assertThat(victim).isNotNull();
			failOver(sharded, a, b, victim, output);
		});
	}

	@Test
	void whenTheMasterOfTheStreamIsKilledUnderTrafficTheServersReadTheStreamOnThePromotedReplicaAndAllResumes(
			CapturedOutput output) {
		this.cluster = RedisCluster.start(3, 1, TestRedis.NODE_TIMEOUT);
		onTwoServers("redis-streams", (a, b) -> {
			String stream = ((StreamsAdapter) a.io().sockets().adapter()).stream();
			// the reference's streamName
			assertThat(stream).isEqualTo("socket.io");
			await().atMost(WAIT)
				.until(() -> serverCount(a.io()) == 2 && serverCount(b.io()) == 2
						&& a.streams().lastRead(stream) != null && b.streams().lastRead(stream) != null);
			RedisServer victim = this.cluster.masterOf(stream);
			RedisServer replica = this.cluster.replicasOf(victim).get(0);
			// each server reads the stream on the master of its key's slot
			await().atMost(WAIT).until(() -> readers(victim) == 2);
			SocketIOTestClient ca = a.client("rooms=roomA");
			SocketIOTestClient cb = b.client("rooms=room1");
			ScheduledExecutorService traffic = startTraffic(a, ca, b, cb);
			try {
				long killed = System.nanoTime();
				victim.stop();
				// local traffic goes on
				long localA = count(ca, "tick-a");
				long localB = count(cb, "tick-b");
				await().atMost(WAIT).until(() -> count(ca, "tick-a") > localA + 5 && count(cb, "tick-b") > localB + 5);
				Resumption resumption = awaitResumption(a, ca, b, cb, replica, killed);
				System.out.printf(
						"redis-streams on Redis Cluster, master %d of the stream killed under traffic: replica %d "
								+ "promoted %d ms after the kill; then broadcasts A->B after %d ms, B->A after %d ms; "
								+ "counts and acknowledgements of both servers %d ms after the kill%n",
						victim.port(), replica.port(), resumption.promoted(), resumption.broadcastAtoB(),
						resumption.broadcastBtoA(), resumption.resumed());
				resumption.assertBounded();

				// both reading loops moved to the promoted replica, and all works there
				await().atMost(WAIT).until(() -> readers(replica) == 2);
				assertThat(this.cluster.masterOf(stream)).isSameAs(replica);
				assertThat(a.io().fetchSockets().block(WAIT)).extracting(RemoteSocket::id)
					.containsExactlyInAnyOrder(ca.id(), cb.id());
				long ticksB = count(cb, "tick-a");
				long ticksA = count(ca, "tick-b");
				await().atMost(WAIT).until(() -> count(cb, "tick-a") > ticksB + 5 && count(ca, "tick-b") > ticksA + 5);
			}
			finally {
				traffic.shutdownNow();
			}
			assertQuiet(output);
		});
	}

	/**
	 * Starts two application contexts of an adapter type on the cluster, serves their
	 * Socket.IO servers, runs the test on them, then closes the clients, servers and
	 * contexts.
	 */
	private void onTwoServers(String type, BiConsumer<ContextNode, ContextNode> test) {
		server(type).withPropertyValues("spring.data.redis.cluster.max-redirects=3")
			.run((contextA) -> server(type).run((contextB) -> {
				try (ContextNode a = new ContextNode(contextA); ContextNode b = new ContextNode(contextB)) {
					test.accept(a, b);
				}
			}));
	}

	private ReactiveWebApplicationContextRunner server(String type) {
		return this.runner.withPropertyValues("socketio.adapter.type=" + type,
				"socketio.adapter.redis.request-timeout=" + REQUEST_TIMEOUT.toMillis() + "ms",
				"spring.data.redis.cluster.nodes=" + this.cluster.seeds());
	}

	private void failOver(boolean sharded, ContextNode a, ContextNode b, RedisServer victim, CapturedOutput output) {
		RedisServer replica = this.cluster.replicasOf(victim).get(0);
		String healthyRoom = roomServedOutside(victim);
		SocketIOTestClient ca = a.client("rooms=roomA");
		SocketIOTestClient cb = b.client("rooms=room1," + healthyRoom);
		await().atMost(WAIT).until(() -> a.inRooms(ca, "roomA") && b.inRooms(cb, "room1", healthyRoom));
		if (sharded) {
			for (String room : List.of("roomA", "room1", healthyRoom)) {
				String channel = PREFIX + "#/#" + room + "#";
				await().atMost(WAIT).until(() -> this.cluster.subscribers(true, channel) >= 1);
			}
		}
		List<String> silentCalls = new CopyOnWriteArrayList<>();
		b.io().sockets().onServerSideEmit("silent", (event) -> silentCalls.add(event.name()));
		b.io().sockets().onServerSideEmit("question", (event) -> event.ack("answer-from-B"));
		ScheduledExecutorService traffic = startTraffic(a, ca, b, cb);
		try {
			CompletableFuture<List<JsonNode>> underWay = a.io()
				.serverSideEmitWithAck(REQUEST_TIMEOUT, "silent")
				.toFuture();
			await().atMost(WAIT).until(() -> silentCalls.size() == 1);

			String victimAddress = "127.0.0.1:" + victim.port();
			long killed = System.nanoTime();
			victim.stop();
			// sharded: the subscriptions wait for the slot's new master; classic: they
			// move to another master at once
			await().atMost(WAIT)
				.pollInterval(Duration.ofMillis(10))
				.until(() -> sharded ? !a.transport().isConnected()
						: !victimAddress.equals(a.transport().clusterHome()));
			long detected = millisSince(killed);

			// operations that need the lost master fail at once, with the adapters'
			// errors
			long failing = System.nanoTime();
			assertFailsWithin(FAIL_FAST, () -> a.io().fetchSockets().toFuture(), RedisUnavailableException.class);
			assertFailsWithin(FAIL_FAST, () -> a.io().timeout(Duration.ofSeconds(5)).emitWithAck("ask").toFuture(),
					RedisUnavailableException.class);
			long failedFast = millisSince(failing);
			// local traffic goes on, and so do broadcasts that do not need the lost
			// master
			long localA = count(ca, "tick-a");
			long localB = count(cb, "tick-b");
			await().atMost(WAIT).until(() -> count(ca, "tick-a") > localA + 5 && count(cb, "tick-b") > localB + 5);
			long roomBroadcast = awaitCrossServerBroadcast((event, n) -> a.io().to(healthyRoom).emit(event, n), cb,
					"to-healthy-room");
			boolean replicaStillReplica = !RedisCluster.isMaster(replica);
			// a request under way ends with the request timeout, not Lettuce's
			assertThat(underWay).failsWithin(REQUEST_TIMEOUT.plus(Duration.ofSeconds(1)))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(RequestTimeoutException.class);

			Resumption resumption = awaitResumption(a, ca, b, cb, replica, killed);
			System.out.printf(
					"%s on Redis Cluster, master %d killed under traffic: loss acted on after %d ms, operations "
							+ "needing it failed in %d ms; a broadcast to a room served elsewhere crossed after %d ms "
							+ "(replica not yet promoted: %s); replica %d promoted %d ms after the kill; then "
							+ "broadcasts A->B after %d ms, B->A after %d ms; counts and acknowledgements of both "
							+ "servers %d ms after the kill%n",
					sharded ? "redis-sharded" : "redis", victim.port(), detected, failedFast, roomBroadcast,
					replicaStillReplica, replica.port(), resumption.promoted(), resumption.broadcastAtoB(),
					resumption.broadcastBtoA(), resumption.resumed());
			assertThat(replicaStillReplica).as("replica not promoted yet when the room broadcast crossed").isTrue();
			resumption.assertBounded();

			// everything works again, on the new master
			assertThat(a.io().fetchSockets().block(WAIT)).extracting(RemoteSocket::id)
				.containsExactlyInAnyOrder(ca.id(), cb.id());
			assertThat(a.io().serverSideEmitWithAck(Duration.ofSeconds(5), "question").block(WAIT))
				.map(JsonNode::asString)
				.containsExactly("answer-from-B");
			assertThat(this.cluster.subscribers(sharded, sharded ? PREFIX + "#/#" : PREFIX + "-request#/#"))
				.isEqualTo(2);
			if (sharded) {
				assertThat(replica.subscribers(true, PREFIX + "#/#")).isEqualTo(2);
			}
		}
		finally {
			traffic.shutdownNow();
		}
		assertQuiet(output);
	}

	/**
	 * Has the clients answer {@code ask} with their names, and each server broadcast a
	 * tick every 20 ms; returns once ticks cross both ways.
	 * @return the executor of the ticks, to shut down
	 */
	private static ScheduledExecutorService startTraffic(ContextNode a, SocketIOTestClient ca, ContextNode b,
			SocketIOTestClient cb) {
		ca.answer("ask", (args) -> List.of("from-cA"));
		cb.answer("ask", (args) -> List.of("from-cB"));
		ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
		AtomicInteger ticks = new AtomicInteger();
		traffic.scheduleAtFixedRate(() -> {
			int tick = ticks.incrementAndGet();
			a.io().emit("tick-a", tick);
			b.io().emit("tick-b", tick);
		}, 0, 20, TimeUnit.MILLISECONDS);
		try {
			await().atMost(WAIT).until(() -> count(cb, "tick-a") > 0 && count(ca, "tick-b") > 0);
		}
		catch (RuntimeException | Error ex) {
			traffic.shutdownNow();
			throw ex;
		}
		return traffic;
	}

	/**
	 * Waits until the replica of the killed master is promoted, then until broadcasts
	 * cross both ways, both servers count two servers, and an acknowledgement is
	 * collected from each server's client.
	 */
	private Resumption awaitResumption(ContextNode a, SocketIOTestClient ca, ContextNode b, SocketIOTestClient cb,
			RedisServer replica, long killed) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
			this.cluster.awaitHealthy();
			return RedisCluster.isMaster(replica);
		});
		long promoted = millisSince(killed);
		long broadcastAtoB = awaitCrossServerBroadcast((event, n) -> a.io().emit(event, n), cb, "probe-a");
		long broadcastBtoA = awaitCrossServerBroadcast((event, n) -> b.io().emit(event, n), ca, "probe-b");
		await().atMost(WAIT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> serverCount(a.io()) == 2 && serverCount(b.io()) == 2);
		List<Ack> acks = await().atMost(WAIT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> acks(a.io()), (answers) -> answers.size() == 2);
		long resumed = millisSince(killed);
		assertThat(acks).extracting((ack) -> ack.get(0, String.class)).containsExactlyInAnyOrder("from-cA", "from-cB");
		return new Resumption(promoted, broadcastAtoB, broadcastBtoA, resumed);
	}

	private static void assertQuiet(CapturedOutput output) {
		assertThat(output.getAll()).doesNotContain("onErrorDropped", "Listener of Redis channel", "Blocking call");
	}

	/**
	 * Counts the connections of a node whose last command was a read of a stream: the
	 * reading loops.
	 */
	private static long readers(RedisServer node) {
		return Arrays.stream(node.command("CLIENT", "LIST").split("\\n"))
			.filter((client) -> client.contains(" cmd=xread "))
			.count();
	}

	/**
	 * Finds a room whose shard channel a master other than the victim serves.
	 */
	private String roomServedOutside(RedisServer victim) {
		for (int i = 0;; i++) {
			String room = "room-" + i;
			if (this.cluster.masterOf(PREFIX + "#/#" + room + "#") != victim) {
				return room;
			}
		}
	}

	private static <T> void assertFailsWithin(Duration limit, Supplier<CompletableFuture<T>> operation,
			Class<? extends Throwable> error) {
		long start = System.nanoTime();
		assertThat(operation.get()).failsWithin(limit).withThrowableThat().havingCause().isInstanceOf(error);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(limit);
	}

	private static List<Ack> acks(SocketIOServer io) {
		try {
			return io.timeout(Duration.ofSeconds(2)).emitWithAck("ask").block(WAIT);
		}
		catch (RedisUnavailableException | AckTimeoutException ex) {
			return new ArrayList<>();
		}
	}

	private static int serverCount(SocketIOServer io) {
		return io.sockets().adapter().serverCount().onErrorReturn(-1).block(WAIT);
	}

	private static long count(SocketIOTestClient client, String event) {
		return client.received().stream().filter(event::equals).count();
	}

	private static long millisSince(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

	private static int port(String address) {
		return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
	}

	/**
	 * Broadcasts probes every 50 ms until the client of the other server receives one.
	 * @return how long it took, in ms
	 */
	private static long awaitCrossServerBroadcast(ObjIntConsumer<String> emit, SocketIOTestClient to, String event) {
		long start = System.nanoTime();
		AtomicInteger probes = new AtomicInteger();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
			emit.accept(event, probes.incrementAndGet());
			return count(to, event) > 0;
		});
		return millisSince(start);
	}

	/**
	 * When the cross-server operations resumed after a master was killed.
	 *
	 * @param promoted when its replica was a master, in ms after the kill
	 * @param broadcastAtoB how long a broadcast of A then took to reach B's client, in ms
	 * @param broadcastBtoA how long a broadcast of B then took to reach A's client, in ms
	 * @param resumed when both servers counted each other and an acknowledgement was
	 * collected from each, in ms after the kill
	 */
	private record Resumption(long promoted, long broadcastAtoB, long broadcastBtoA, long resumed) {

		/** Everything resumed within 5 s of the promotion. */
		void assertBounded() {
			assertThat(Duration.ofMillis(this.resumed - this.promoted)).isLessThan(Duration.ofSeconds(5));
		}

	}

}
