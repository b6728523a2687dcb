package io.github.socketiospringboot.adapter.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.socketiospringboot.adapter.redis.LettucePubSubTransportTests.Received;
import io.github.socketiospringboot.test.RedisCluster;
import io.github.socketiospringboot.test.RedisServer;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The transport on a real Redis Cluster of three masters and three replicas: where it
 * subscribes, publishes and counts, and how its subscriptions follow the cluster when a
 * slot moves or a master hands over to its replica without failing (the failures of
 * masters are in {@link RedisClusterFailoverTests}).
 */
class ClusterPubSubTransportTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static TestRedis.Cluster redis;

	private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void startCluster() {
		redis = (TestRedis.Cluster) TestRedis.cluster();
	}

	@AfterAll
	static void stopCluster() {
		redis.close();
	}

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	private RedisCluster cluster() {
		return redis.nodes();
	}

	private LettucePubSubTransport sharded(RedisClusterClient client) {
		LettucePubSubTransport transport = LettucePubSubTransport.shardedOnCluster(() -> client, WAIT);
		this.closeables.add(0, transport);
		return transport;
	}

	private LettucePubSubTransport classic(RedisClusterClient client) {
		LettucePubSubTransport transport = LettucePubSubTransport.classicOnCluster(() -> client, WAIT);
		this.closeables.add(0, transport);
		return transport;
	}

	/**
	 * A cluster client of its own, which refreshes its view of the cluster every 500 ms,
	 * as {@code spring.data.redis.lettuce.cluster.refresh.period} configures it.
	 */
	private RedisClusterClient refreshingClient() {
		RedisClusterClient client = RedisClusterClient.create(cluster().uris().stream().map(RedisURI::create).toList());
		client.setOptions(ClusterClientOptions.builder()
			.topologyRefreshOptions(
					ClusterTopologyRefreshOptions.builder().enablePeriodicRefresh(Duration.ofMillis(500)).build())
			.build());
		this.closeables.add(() -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
		return client;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Finds channels whose slots the given masters serve, one for each.
	 */
	private List<String> channelsOnEveryMaster(String prefix) {
		List<RedisServer> masters = cluster().masters();
		List<String> channels = new ArrayList<>();
		for (RedisServer master : masters) {
			for (int i = 0;; i++) {
				String channel = prefix + i + "#";
				if (cluster().masterOf(channel) == master && !channels.contains(channel)) {
					channels.add(channel);
					break;
				}
			}
		}
		return channels;
	}

	@Test
	void shardChannelsAreSubscribedCountedAndPublishedOnTheMasterOfTheirSlot() {
		LettucePubSubTransport a = sharded(redis.client());
		LettucePubSubTransport b = sharded(redis.client());
		Received received = new Received();
		List<String> channels = channelsOnEveryMaster("s1#/#");
		for (String channel : channels) {
			a.subscribe(channel, received).block(WAIT);
			b.subscribe(channel, (name, payload) -> {
			}).block(WAIT);
		}
		for (String channel : channels) {
			RedisServer owner = cluster().masterOf(channel);
			await().atMost(WAIT).until(() -> owner.subscribers(true, channel) == 2);
			assertThat(a.subscriberCount(channel).block(WAIT)).isEqualTo(2);
			b.publish(channel, bytes("to " + channel)).block(WAIT);
		}
		await().atMost(WAIT).until(() -> received.messages.size() == channels.size());
		assertThat(received.messages).containsExactlyInAnyOrderElementsOf(
				channels.stream().map((channel) -> channel + "=to " + channel).toList());
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> a.psubscribe("s1*", received).block(WAIT));
		a.unsubscribe(channels.get(0)).block(WAIT);
		assertThat(b.subscriberCount(channels.get(0)).block(WAIT)).isEqualTo(1);
	}

	@Test
	void classicSubscriptionsLiveOnOneMasterAndGetWhatIsPublishedOnAnother() {
		LettucePubSubTransport a = classic(redis.client());
		LettucePubSubTransport b = classic(redis.client());
		Received received = new Received();
		a.subscribe("c1-request#/#", received).block(WAIT);
		a.psubscribe("c1#/#*", received).block(WAIT);
		b.subscribe("c1-request#/#", (name, payload) -> {
		}).block(WAIT);
		await().atMost(WAIT).until(() -> a.clusterHome() != null && b.clusterHome() != null);
		RedisServer home = cluster().nodeOn(port(a.clusterHome()));
		assertThat(RedisCluster.isMaster(home)).isTrue();
		assertThat(home.subscribers(false, "c1-request#/#")).isPositive();
		assertThat(cluster().subscribers(false, "c1-request#/#")).isEqualTo(2);
		assertThat(a.subscriberCount("c1-request#/#").block(WAIT)).isEqualTo(2);
		b.publish("c1-request#/#", bytes("request")).block(WAIT);
		b.publish("c1#/#room1#", bytes("broadcast")).block(WAIT);
		await().atMost(WAIT).until(() -> received.messages.size() == 2);
		assertThat(received.messages).containsExactly("c1-request#/#=request", "c1#/#room1#=broadcast");
	}

	@Test
	void whenTheSlotOfAShardChannelMovesToAnotherMasterItsSubscriptionFollows() {
		LettucePubSubTransport a = sharded(redis.client());
		LettucePubSubTransport b = sharded(redis.client());
		Received received = new Received();
		String channel = "s2#/#";
		a.subscribe(channel, received).block(WAIT);
		RedisServer source = cluster().masterOf(channel);
		await().atMost(WAIT).until(() -> source.subscribers(true, channel) == 1);
		RedisServer target = cluster().masters()
			.stream()
			.filter((master) -> master != source)
			.findFirst()
			.orElseThrow();

		moveSlot(channel, source, target);
		// Redis unsubscribed it on the old master: the transport subscribes on the new
		// one
		await().atMost(WAIT).until(() -> target.subscribers(true, channel) == 1);
		assertThat(source.subscribers(true, channel)).isZero();
		assertThat(b.subscriberCount(channel).block(WAIT)).isEqualTo(1);
		// the publisher's view is stale: Lettuce follows the redirection
		b.publish(channel, bytes("moved")).block(WAIT);
		await().atMost(WAIT).until(() -> received.messages.contains(channel + "=moved"));
	}

	@Test
	void whenAMasterHandsOverToItsReplicaShardSubscriptionsFollowAtOnce() {
		LettucePubSubTransport a = sharded(redis.client());
		Received received = new Received();
		String channel = "s3#/#";
		a.subscribe(channel, received).block(WAIT);
		RedisServer master = cluster().masterOf(channel);
		await().atMost(WAIT).until(() -> master.subscribers(true, channel) == 1);
		RedisServer replica = cluster().replicasOf(master).get(0);

		assertThat(replica.command("CLUSTER", "FAILOVER")).isEqualTo("OK");
		await().atMost(WAIT).until(() -> RedisCluster.isMaster(replica));
		cluster().awaitHealthy();
		await().atMost(WAIT).until(() -> replica.subscribers(true, channel) == 1);
		assertThat(a.subscriberCount(channel).block(WAIT)).isEqualTo(1);
		a.publish(channel, bytes("after")).block(WAIT);
		await().atMost(WAIT).until(() -> received.messages.contains(channel + "=after"));
	}

	@Test
	void whenTheMasterOfClassicSubscriptionsHandsOverToItsReplicaTheyMoveAtTheNextPeriodicRefresh() {
		RedisClusterClient client = refreshingClient();
		LettucePubSubTransport a = classic(client);
		Received received = new Received();
		a.subscribe("c2-request#/#", received).block(WAIT);
		await().atMost(WAIT).until(() -> a.clusterHome() != null);
		RedisServer home = cluster().nodeOn(port(a.clusterHome()));
		RedisServer replica = cluster().replicasOf(home).get(0);
		await().atMost(WAIT).until(() -> home.subscribers(false, "c2-request#/#") == 1);

		assertThat(replica.command("CLUSTER", "FAILOVER")).isEqualTo("OK");
		await().atMost(WAIT).until(() -> RedisCluster.isMaster(replica));
		cluster().awaitHealthy();
		// counted over the masters again: no longer on the demoted one
		await().atMost(WAIT).until(() -> cluster().subscribers(false, "c2-request#/#") == 1);
		assertThat(home.subscribers(false, "c2-request#/#")).isZero();
		assertThat(RedisCluster.isMaster(cluster().nodeOn(port(a.clusterHome())))).isTrue();
		assertThat(a.subscriberCount("c2-request#/#").block(WAIT)).isEqualTo(1);
		a.publish("c2-request#/#", bytes("after")).block(WAIT);
		await().atMost(WAIT).until(() -> received.messages.contains("c2-request#/#=after"));
	}

	/**
	 * Moves the slot of a channel, which holds no key, from one master to another, as a
	 * resharding does.
	 */
	private void moveSlot(String channel, RedisServer source, RedisServer target) {
		String sourceId = source.command("CLUSTER", "MYID");
		String targetId = target.command("CLUSTER", "MYID");
		String number = source.command("CLUSTER", "KEYSLOT", channel);
		assertThat(target.command("CLUSTER", "SETSLOT", number, "IMPORTING", sourceId)).isEqualTo("OK");
		assertThat(source.command("CLUSTER", "SETSLOT", number, "MIGRATING", targetId)).isEqualTo("OK");
		assertThat(target.command("CLUSTER", "SETSLOT", number, "NODE", targetId)).isEqualTo("OK");
		assertThat(source.command("CLUSTER", "SETSLOT", number, "NODE", targetId)).isEqualTo("OK");
		await().atMost(WAIT).ignoreExceptions().until(() -> cluster().running().stream().allMatch((node) -> {
			String owner = node.command("CLUSTER", "NODES");
			return owner.contains(targetId) && cluster().masterOf(channel) == target;
		}));
		cluster().awaitHealthy();
	}

	private static int port(String address) {
		return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
	}

}
