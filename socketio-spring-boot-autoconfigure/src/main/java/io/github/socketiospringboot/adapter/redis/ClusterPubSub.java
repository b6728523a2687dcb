package io.github.socketiospringboot.adapter.redis;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pub/sub on a Redis Cluster, placed where the reference's adapters place it, and moved
 * by this class (not by Lettuce) when the cluster changes.
 *
 * <ul>
 * <li>Sharded pub/sub: each shard channel is subscribed with {@code SSUBSCRIBE} on a
 * connection pinned to the master that serves its slot (one connection per master), and
 * published with {@code SPUBLISH} to that master. When that master is lost, or Redis
 * tells that the slot moved (a server-sent {@code SUNSUBSCRIBE}), the channel is
 * subscribed again on the master that serves the slot once the cluster says which.</li>
 * <li>Classic pub/sub: every channel and pattern is subscribed on one connection pinned
 * to a master (chosen at random, so that the servers of a cluster spread), where
 * {@code PUBSUB NUMSUB} on the masters counts it; publications go to that master, and
 * Redis Cluster carries them to every node. When that connection is lost or its node no
 * longer a master, everything moves to another master at once.</li>
 * <li>Counts: {@code PUBSUB SHARDNUMSUB} or {@code PUBSUB NUMSUB} on every master that
 * serves slots, summed, as the Node adapter counts on node-redis's cluster client;
 * failing at once while one of them cannot be reached.</li>
 * </ul>
 *
 * <p>
 * The placement is changed by tasks run one at a time ({@link SerialExecutor}): the
 * wanted subscriptions are compared with what each pinned connection was sent, stale ones
 * withdrawn first (no message arrives twice), missing ones sent. Nothing blocks.
 */
final class ClusterPubSub implements PubSubBackend, RedisClusterConnections.Participant {

	private static final Log logger = LogFactory.getLog(LettucePubSubTransport.class);

	private static final String PATTERN = "pattern:";

	private final RedisClusterConnections cluster;

	private final boolean sharded;

	private final WantedSubscriptions wanted;

	private final Duration timeout;

	private final SerialExecutor serial = new SerialExecutor();

	private final StateListener stateListener = new StateListener();

	// ---- touched by the serial tasks only

	private final Map<String, NodeSubscriber> subscribers = new HashMap<>();

	/** Classic: the masters whose connection was lost since the cluster last changed. */
	private final Set<String> avoided = new HashSet<>();

	/** The commands of the current task, by channel (and pattern) name. */
	private final Map<String, CompletionStage<Void>> sentNow = new HashMap<>();

	private ClusterTopology placedOn = ClusterTopology.EMPTY;

	// ---- read by any thread

	/** Classic: the master of the subscriptions and publications. */
	private volatile ClusterTopology.@Nullable Node home;

	private volatile boolean settled = true;

	private volatile boolean closed;

	private ClusterPubSub(RedisClusterConnections cluster, boolean sharded, WantedSubscriptions wanted,
			Duration timeout) {
		this.cluster = cluster;
		this.sharded = sharded;
		this.wanted = wanted;
		this.timeout = timeout;
	}

	/**
	 * Connects to the cluster; blocks until it is connected and its topology known.
	 * @param client the cluster client
	 * @param sharded whether to use sharded pub/sub
	 * @param wanted what the adapters subscribe to
	 * @param timeout how long a master may take to count
	 * @return the backend, placing the wanted subscriptions
	 */
	static ClusterPubSub connect(RedisClusterClient client, boolean sharded, WantedSubscriptions wanted,
			Duration timeout) {
		RedisClusterConnections cluster = RedisClusterConnections.connect(client);
		ClusterPubSub backend = new ClusterPubSub(cluster, sharded, wanted, timeout);
		cluster.addParticipant(backend);
		cluster.addConnectionListener(backend.stateListener);
		backend.serial.execute(backend::reconcile);
		return backend;
	}

	// ---- subscriptions

	@Override
	public Mono<Void> subscribe(String channel) {
		return inTask(channel, () -> {
			if (this.sharded) {
				placeChannel(channel);
			}
			else {
				placeAtHome();
			}
		});
	}

	@Override
	public Mono<Void> unsubscribe(String channel) {
		return inTask(channel, () -> {
			for (NodeSubscriber subscriber : List.copyOf(this.subscribers.values())) {
				if (subscriber.channels.contains(channel)) {
					subscriber.withdrawChannels(Set.of(channel));
					closeIfUnused(subscriber);
				}
			}
		});
	}

	@Override
	public Mono<Void> psubscribe(String pattern) {
		return inTask(PATTERN + pattern, this::placeAtHome);
	}

	@Override
	public Mono<Void> punsubscribe(String pattern) {
		return inTask(PATTERN + pattern, () -> {
			for (NodeSubscriber subscriber : List.copyOf(this.subscribers.values())) {
				if (subscriber.patterns.contains(pattern)) {
					subscriber.withdrawPatterns(Set.of(pattern));
					closeIfUnused(subscriber);
				}
			}
		});
	}

	/**
	 * Runs a change of placement as a serial task, then waits for the command it sent for
	 * one channel or pattern, if any. A command that fails (its connection closed as the
	 * channel moved, its slot moved) is no error of the caller's: the subscription is
	 * placed again once the cluster can serve it.
	 */
	private Mono<Void> inTask(String name, Runnable change) {
		return Mono.create((sink) -> this.serial.execute(() -> {
			this.sentNow.clear();
			if (!this.closed) {
				change.run();
			}
			CompletionStage<Void> sent = this.sentNow.remove(name);
			this.sentNow.clear();
			if (sent == null) {
				sink.success();
				return;
			}
			sent.whenComplete((done, error) -> sink.success());
		}));
	}

	/** Sharded: subscribes one channel on the master of its slot. */
	private void placeChannel(String channel) {
		ClusterTopology.Node owner = this.cluster.topology().ownerOf(channel);
		if (owner == null || owner.failing()) {
			unsettled();
			return;
		}
		NodeSubscriber subscriber = this.subscribers.get(owner.key());
		if (subscriber == null) {
			// its placement is sent once it is connected
			this.subscribers.put(owner.key(), open(owner));
			return;
		}
		if (subscriber.resend) {
			reconcile();
		}
		else if (subscriber.isOpen()) {
			subscriber.place(Set.of(channel), Set.of());
		}
	}

	/** Classic: subscribes what is wanted and missing at home. */
	private void placeAtHome() {
		ClusterTopology.Node current = this.home;
		NodeSubscriber subscriber = (current != null) ? this.subscribers.get(current.key()) : null;
		if (subscriber == null || !subscriber.isOpen() || subscriber.resend) {
			reconcile();
			return;
		}
		subscriber.place(this.wanted.channels(), this.wanted.patterns());
	}

	/**
	 * Places every wanted subscription on the current view of the cluster: withdraws what
	 * is where it no longer belongs, closes the connections no longer needed, opens those
	 * needed, and sends what is missing.
	 */
	private void reconcile() {
		if (this.closed) {
			return;
		}
		ClusterTopology view = this.cluster.topology();
		Map<String, ClusterTopology.Node> targets = new HashMap<>();
		Map<String, Set<String>> channelsOn = new HashMap<>();
		Map<String, Set<String>> patternsOn = new HashMap<>();
		boolean placed = true;
		Set<String> channels = this.wanted.channels();
		if (this.sharded) {
			for (String channel : channels) {
				ClusterTopology.Node owner = view.ownerOf(channel);
				if (owner == null || owner.failing()) {
					placed = false;
					continue;
				}
				targets.putIfAbsent(owner.key(), owner);
				channelsOn.computeIfAbsent(owner.key(), (key) -> new HashSet<>()).add(channel);
			}
		}
		else {
			Set<String> patterns = this.wanted.patterns();
			if (!channels.isEmpty() || !patterns.isEmpty()) {
				ClusterTopology.Node chosen = chooseHome(view);
				if (chosen == null) {
					placed = false;
				}
				else {
					targets.put(chosen.key(), chosen);
					channelsOn.put(chosen.key(), channels);
					patternsOn.put(chosen.key(), patterns);
				}
			}
		}
		// withdraw first: a message must not arrive twice
		for (Iterator<NodeSubscriber> all = this.subscribers.values().iterator(); all.hasNext();) {
			NodeSubscriber subscriber = all.next();
			Set<String> keepChannels = channelsOn.getOrDefault(subscriber.node.key(), Set.of());
			Set<String> keepPatterns = patternsOn.getOrDefault(subscriber.node.key(), Set.of());
			if (keepChannels.isEmpty() && keepPatterns.isEmpty()) {
				all.remove();
				subscriber.close();
			}
			else if (subscriber.isOpen()) {
				subscriber.withdrawChannels(minus(subscriber.channels, keepChannels));
				subscriber.withdrawPatterns(minus(subscriber.patterns, keepPatterns));
			}
		}
		for (ClusterTopology.Node target : targets.values()) {
			NodeSubscriber subscriber = this.subscribers.get(target.key());
			if (subscriber == null) {
				this.subscribers.put(target.key(), open(target));
				placed = false;
			}
			else if (subscriber.isOpen()) {
				subscriber.place(channelsOn.getOrDefault(target.key(), Set.of()),
						patternsOn.getOrDefault(target.key(), Set.of()));
			}
			else {
				placed = false;
			}
		}
		this.settled = placed;
		if (!placed) {
			this.cluster.refreshSoon();
		}
	}

	private static Set<String> minus(Set<String> all, Set<String> keep) {
		Set<String> rest = new HashSet<>(all);
		rest.removeAll(keep);
		return rest;
	}

	/**
	 * Classic: keeps the home while it is a working master whose connection was not lost,
	 * else picks another at random.
	 */
	private ClusterTopology.@Nullable Node chooseHome(ClusterTopology view) {
		ClusterTopology.Node current = this.home;
		if (current != null) {
			ClusterTopology.Node still = view.master(current.key());
			if (still != null && !still.failing() && !this.avoided.contains(still.key())) {
				this.home = still;
				return still;
			}
		}
		List<ClusterTopology.Node> candidates = new ArrayList<>(view.workingMasters());
		candidates.removeIf((master) -> this.avoided.contains(master.key()));
		if (candidates.isEmpty()) {
			candidates.addAll(view.workingMasters());
		}
		if (candidates.isEmpty()) {
			this.home = null;
			return null;
		}
		ClusterTopology.Node chosen = candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
		if (current != null && !chosen.key().equals(current.key())) {
			logger.info("Socket.IO adapter moves its Redis Cluster subscriptions from " + current.key() + " to "
					+ chosen.key());
		}
		this.home = chosen;
		return chosen;
	}

	private NodeSubscriber open(ClusterTopology.Node node) {
		NodeSubscriber subscriber = new NodeSubscriber(node, this.cluster.connectPubSub(node));
		subscriber.connecting.whenComplete((connection, error) -> this.serial.execute(() -> {
			if (error != null) {
				logger.debug("Cannot open a pub/sub connection to Redis Cluster node " + node.key() + ": " + error);
				if (this.subscribers.get(node.key()) == subscriber) {
					this.subscribers.remove(node.key());
				}
				this.avoided.add(node.key());
				unsettled();
				this.cluster.suspect(node);
				return;
			}
			if (this.closed || subscriber.closed) {
				connection.closeAsync();
				return;
			}
			connection.addListener(new NodeListener(subscriber));
			subscriber.connection = connection;
			subscriber.resend = true;
			reconcile();
		}));
		return subscriber;
	}

	private void closeIfUnused(NodeSubscriber subscriber) {
		if (subscriber.channels.isEmpty() && subscriber.patterns.isEmpty()
				&& this.subscribers.get(subscriber.node.key()) == subscriber) {
			this.subscribers.remove(subscriber.node.key());
			subscriber.close();
		}
	}

	private void unsettled() {
		this.settled = false;
		this.cluster.refreshSoon();
	}

	@Override
	public void onTopology(ClusterTopology topology) {
		this.serial.execute(() -> {
			if (!topology.toString().equals(this.placedOn.toString())) {
				this.avoided.clear();
			}
			this.placedOn = topology;
			reconcile();
		});
	}

	@Override
	public boolean isSettled() {
		return this.settled;
	}

	// ---- publications and counts

	@Override
	public Mono<Void> publish(String channel, byte[] payload) {
		if (this.sharded) {
			ClusterTopology.Node owner = this.cluster.topology().ownerOf(channel);
			if (owner == null) {
				this.cluster.refreshSoon();
				throw new RedisUnavailableException("No Redis Cluster master serves the slot of " + channel
						+ " now: cross-server operations that need it are unavailable until one does");
			}
			// fails at once when the master is known to be lost; else the cluster
			// connection
			// sends it there, following redirections
			this.cluster.openConnection(owner);
			return Mono.fromCompletionStage(this.cluster.commands().async().spublish(channel, payload)).then();
		}
		ClusterTopology.Node current = this.home;
		if (current == null) {
			throw new RedisUnavailableException(
					"No Redis Cluster master to publish on: cross-server operations are unavailable");
		}
		StatefulRedisConnection<String, byte[]> open = this.cluster.openConnection(current);
		if (open != null) {
			return Mono.fromCompletionStage(open.async().publish(channel, payload)).then();
		}
		return this.cluster.reachable(current)
			.flatMap((connection) -> Mono.fromCompletionStage(connection.async().publish(channel, payload)))
			.then();
	}

	@Override
	public Mono<Integer> subscriberCount(String channel) {
		List<ClusterTopology.Node> masters = this.cluster.topology().masters();
		if (masters.isEmpty()) {
			this.cluster.refreshSoon();
			return Mono.error(() -> new RedisUnavailableException("No Redis Cluster master is known"));
		}
		return Flux.fromIterable(masters)
			.flatMap((master) -> this.cluster.reachable(master)
				.flatMap((connection) -> Mono.fromCompletionStage(this.sharded
						? connection.async().pubsubShardNumsub(channel) : connection.async().pubsubNumsub(channel)))
				.timeout(this.timeout, Mono.error(() -> {
					this.cluster.suspect(master);
					return RedisClusterConnections.unavailable(master,
							"did not answer within " + this.timeout.toMillis() + " ms");
				}))
				.doOnNext((counts) -> this.cluster.reached(master))
				.map((counts) -> counts.getOrDefault(channel, 0L)))
			.reduce(0L, Long::sum)
			.map(Long::intValue);
	}

	@Override
	public boolean isConnected() {
		return this.settled && !this.closed && this.cluster.topology().isHealthy();
	}

	/**
	 * Returns the master of the classic subscriptions and publications.
	 * @return its {@code host:port}, or {@code null} (sharded, or none yet)
	 */
	@Nullable String home() {
		ClusterTopology.Node current = this.home;
		return (current != null) ? current.key() : null;
	}

	@Override
	public CompletableFuture<Void> close() {
		this.closed = true;
		this.cluster.removeConnectionListener(this.stateListener);
		CompletableFuture<Void> closed = new CompletableFuture<>();
		this.serial.execute(() -> {
			List<CompletableFuture<?>> closing = new ArrayList<>();
			this.subscribers.values().forEach((subscriber) -> closing.add(subscriber.close()));
			this.subscribers.clear();
			CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0]))
				.exceptionally((error) -> null)
				.thenCompose((done) -> this.cluster.close())
				.whenComplete((done, error) -> closed.complete(null));
		});
		return closed;
	}

	/**
	 * A pub/sub connection pinned to one master, and what it was sent; touched by the
	 * serial tasks only (but {@link #isOpen()}).
	 */
	private final class NodeSubscriber {

		final ClusterTopology.Node node;

		final CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> connecting;

		volatile @Nullable StatefulRedisPubSubConnection<String, byte[]> connection;

		final Set<String> channels = new HashSet<>();

		final Set<String> patterns = new HashSet<>();

		/**
		 * Whether to send everything again: Lettuce's own resubscription is not relied
		 * on.
		 */
		boolean resend;

		boolean closed;

		NodeSubscriber(ClusterTopology.Node node,
				CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> connecting) {
			this.node = node;
			this.connecting = connecting;
		}

		boolean isOpen() {
			StatefulRedisPubSubConnection<String, byte[]> current = this.connection;
			return current != null && current.isOpen();
		}

		private RedisPubSubAsyncCommands<String, byte[]> commands() {
			StatefulRedisPubSubConnection<String, byte[]> current = this.connection;
			if (current == null) {
				throw new IllegalStateException("not connected");
			}
			return current.async();
		}

		/**
		 * Sends the subscriptions wanted here that were not sent, or all of them after a
		 * reconnection.
		 */
		void place(Set<String> wantedChannels, Set<String> wantedPatterns) {
			boolean all = this.resend;
			this.resend = false;
			Set<String> missingChannels = all ? wantedChannels : minus(wantedChannels, this.channels);
			Set<String> missingPatterns = all ? wantedPatterns : minus(wantedPatterns, this.patterns);
			if (!missingChannels.isEmpty()) {
				this.channels.addAll(missingChannels);
				if (ClusterPubSub.this.sharded) {
					// one command per channel: the channels of a command must share a
					// slot
					for (String channel : missingChannels) {
						track(channel, false, commands().ssubscribe(channel));
					}
				}
				else {
					RedisFuture<Void> command = commands().subscribe(missingChannels.toArray(new String[0]));
					missingChannels.forEach((channel) -> track(channel, false, command));
				}
			}
			if (!missingPatterns.isEmpty()) {
				this.patterns.addAll(missingPatterns);
				RedisFuture<Void> command = commands().psubscribe(missingPatterns.toArray(new String[0]));
				missingPatterns.forEach((pattern) -> track(pattern, true, command));
			}
		}

		void withdrawChannels(Set<String> stale) {
			if (stale.isEmpty() || !isOpen()) {
				return;
			}
			this.channels.removeAll(stale);
			if (ClusterPubSub.this.sharded) {
				for (String channel : stale) {
					ClusterPubSub.this.sentNow.put(channel, commands().sunsubscribe(channel));
				}
			}
			else {
				RedisFuture<Void> command = commands().unsubscribe(stale.toArray(new String[0]));
				stale.forEach((channel) -> ClusterPubSub.this.sentNow.put(channel, command));
			}
		}

		void withdrawPatterns(Set<String> stale) {
			if (stale.isEmpty() || !isOpen()) {
				return;
			}
			this.patterns.removeAll(stale);
			RedisFuture<Void> command = commands().punsubscribe(stale.toArray(new String[0]));
			stale.forEach((pattern) -> ClusterPubSub.this.sentNow.put(PATTERN + pattern, command));
		}

		/**
		 * Keeps a subscription's command for its caller; when it fails (the slot moved,
		 * the node went), forgets it was sent and refreshes the view.
		 */
		private void track(String name, boolean pattern, RedisFuture<Void> command) {
			ClusterPubSub.this.sentNow.put(pattern ? PATTERN + name : name, command);
			command.whenComplete((done, error) -> {
				if (error == null) {
					return;
				}
				logger.debug("Subscription to " + name + " on Redis Cluster node " + this.node.key() + " failed: "
						+ error.getMessage());
				ClusterPubSub.this.serial.execute(() -> {
					if (pattern ? this.patterns.remove(name) : this.channels.remove(name)) {
						unsettled();
					}
				});
			});
		}

		CompletableFuture<?> close() {
			this.closed = true;
			StatefulRedisPubSubConnection<String, byte[]> current = this.connection;
			if (current != null) {
				return current.closeAsync();
			}
			return this.connecting.handle((connection, error) -> (connection != null) ? connection.closeAsync() : null);
		}

	}

	/**
	 * Hands the messages of a pinned connection over, and notices the shard channels
	 * Redis unsubscribed by itself because their slot moved.
	 */
	private final class NodeListener extends RedisPubSubAdapter<String, byte[]> {

		private final NodeSubscriber subscriber;

		NodeListener(NodeSubscriber subscriber) {
			this.subscriber = subscriber;
		}

		@Override
		public void message(String channel, byte[] message) {
			ClusterPubSub.this.wanted.message(channel, message);
		}

		@Override
		public void message(String pattern, String channel, byte[] message) {
			ClusterPubSub.this.wanted.message(pattern, channel, message);
		}

		@Override
		public void smessage(String channel, byte[] message) {
			ClusterPubSub.this.wanted.smessage(channel, message);
		}

		@Override
		public void sunsubscribed(String channel, long count) {
			ClusterPubSub.this.serial.execute(() -> {
				// still marked sent: Redis unsubscribed it, not this class
				if (this.subscriber.channels.remove(channel) && ClusterPubSub.this.wanted.hasChannel(channel)) {
					logger.info("Redis Cluster node " + this.subscriber.node.key() + " no longer serves the slot of "
							+ channel + ": subscribing where it moved");
					unsettled();
				}
			});
		}

	}

	/**
	 * Follows the pinned connections: a lost one is reported (and, classic, its
	 * subscriptions moved at once), a reconnected one is sent its subscriptions again.
	 */
	private final class StateListener implements RedisConnectionStateListener {

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
			ClusterPubSub.this.serial.execute(() -> {
				NodeSubscriber subscriber = find(connection);
				if (subscriber != null) {
					logger.info("Socket.IO adapter reconnected to Redis Cluster node " + subscriber.node.key());
					ClusterPubSub.this.cluster.reached(subscriber.node);
					subscriber.resend = true;
					reconcile();
				}
			});
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			ClusterPubSub.this.serial.execute(() -> {
				NodeSubscriber subscriber = find(connection);
				if (subscriber == null || subscriber.closed || ClusterPubSub.this.closed) {
					return;
				}
				logger.warn("Socket.IO adapter lost its connection to Redis Cluster node " + subscriber.node.key()
						+ ": local traffic goes on; its subscriptions are placed again once the cluster can serve them");
				if (!ClusterPubSub.this.sharded) {
					ClusterPubSub.this.avoided.add(subscriber.node.key());
				}
				ClusterPubSub.this.cluster.suspect(subscriber.node);
				ClusterPubSub.this.settled = false;
				reconcile();
			});
		}

		private @Nullable NodeSubscriber find(RedisChannelHandler<?, ?> connection) {
			for (NodeSubscriber subscriber : ClusterPubSub.this.subscribers.values()) {
				if (subscriber.connection == connection) {
					return subscriber;
				}
			}
			return null;
		}

	}

}
