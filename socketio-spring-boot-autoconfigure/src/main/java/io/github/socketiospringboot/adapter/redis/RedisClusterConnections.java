package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The connections of a server to a Redis Cluster, and a view of the cluster that follows
 * its failovers: what the cluster transports of the adapters share.
 *
 * <ul>
 * <li>{@link #commands()}: Lettuce's cluster connection, which sends each keyed command
 * (a shard channel's {@code SPUBLISH}, a stream's {@code XADD}, a session's
 * {@code SET}/{@code GET}) to the master that serves its slot and follows redirections
 * ({@code spring.data.redis.cluster.max-redirects}).</li>
 * <li>{@link #reachable(ClusterTopology.Node)}: the command connection to one master, for
 * what is asked of every master ({@code PUBSUB NUMSUB}), failing at once while that
 * master cannot be reached.</li>
 * <li>{@link #connectPubSub(ClusterTopology.Node)} and
 * {@link #connect(ClusterTopology.Node, RedisCodec)}: connections pinned to one node,
 * opened and closed by their user (the subscriptions of the pub/sub transports; the
 * blocking reads that follow a stream key's owner), with the client's options,
 * credentials and TLS settings; Lettuce reconnects them to that node only.</li>
 * <li>{@link #topology()}: the masters and the owner of each slot. Lettuce keeps its own
 * view only as fresh as the application's topology refresh settings
 * ({@code spring.data.redis.lettuce.cluster.refresh.*}, off by default); so when a user
 * reports a lost pinned connection or an unreachable master ({@link #refreshSoon()},
 * {@link #suspect}), this class refreshes it at once and again, 100 ms apart then
 * doubling up to one second, until the cluster is whole and every {@link Participant}
 * settled. Each participant is told every view, and places its connections
 * accordingly.</li>
 * </ul>
 *
 * <p>
 * Nothing here blocks but {@link #connect(RedisClusterClient)}.
 */
final class RedisClusterConnections {

	private static final Log logger = LogFactory.getLog(LettucePubSubTransport.class);

	private static final Duration FIRST_RETRY = Duration.ofMillis(100);

	private static final Duration MAX_RETRY = Duration.ofSeconds(1);

	private final RedisClusterClient client;

	private final StatefulRedisClusterConnection<String, byte[]> commands;

	/** Opens the pinned connections, with the cluster client's resources and options. */
	private final RedisClient nodeClient;

	private final List<Participant> participants = new CopyOnWriteArrayList<>();

	/** The masters a command could not reach, until a view no longer has them serve. */
	private final Set<String> suspects = ConcurrentHashMap.newKeySet();

	private final SerialExecutor views = new SerialExecutor();

	private final AtomicBoolean refreshing = new AtomicBoolean();

	private final Disposable topologyEvents;

	private volatile ClusterTopology topology;

	private volatile Disposable nextRefresh = Disposables.single();

	private volatile boolean closed;

	private RedisClusterConnections(RedisClusterClient client, StatefulRedisClusterConnection<String, byte[]> commands,
			RedisClient nodeClient) {
		this.client = client;
		this.commands = commands;
		this.nodeClient = nodeClient;
		this.topology = ClusterTopology.of(client.getPartitions());
		this.topologyEvents = client.getResources()
			.eventBus()
			.get()
			.filter(ClusterTopologyChangedEvent.class::isInstance)
			.subscribe((event) -> refreshSoon());
	}

	/**
	 * Connects to the cluster, learning its topology; blocks until connected.
	 * @param client the cluster client
	 * @return the connections
	 */
	static RedisClusterConnections connect(RedisClusterClient client) {
		StatefulRedisClusterConnection<String, byte[]> commands = client.connect(LettucePubSubTransport.CODEC);
		RedisClient nodeClient = RedisClient.create(client.getResources());
		nodeClient.setOptions(client.getOptions());
		return new RedisClusterConnections(client, commands, nodeClient);
	}

	/**
	 * Returns the cluster connection, which routes keyed commands to the master of their
	 * slot.
	 * @return the connection
	 */
	StatefulRedisClusterConnection<String, byte[]> commands() {
		return this.commands;
	}

	/**
	 * Returns the latest view of the cluster.
	 * @return the view
	 */
	ClusterTopology topology() {
		return this.topology;
	}

	/**
	 * Adds a participant, told each new view from now on.
	 * @param participant the participant
	 */
	void addParticipant(Participant participant) {
		this.participants.add(participant);
	}

	/**
	 * Listens to the state of the pinned connections.
	 * @param listener the listener
	 */
	void addConnectionListener(RedisConnectionStateListener listener) {
		this.nodeClient.addListener(listener);
	}

	/**
	 * Removes a listener of the pinned connections.
	 * @param listener the listener
	 */
	void removeConnectionListener(RedisConnectionStateListener listener) {
		this.nodeClient.removeListener(listener);
	}

	/**
	 * Returns the command connection to a master if it is open, or opens it.
	 * @param node the master
	 * @return the open connection; fails with a {@link RedisUnavailableException} at once
	 * when the connection is known to be lost, or as soon as it cannot be opened
	 */
	Mono<StatefulRedisConnection<String, byte[]>> reachable(ClusterTopology.Node node) {
		if (this.suspects.contains(node.key())) {
			refreshSoon();
			return Mono.error(() -> unavailable(node, "was lost"));
		}
		return connection(node);
	}

	private Mono<StatefulRedisConnection<String, byte[]>> connection(ClusterTopology.Node node) {
		if (node.failing()) {
			refreshSoon();
			return Mono.error(() -> unavailable(node, "is failing"));
		}
		CompletableFuture<StatefulRedisConnection<String, byte[]>> connection;
		try {
			connection = this.commands.getConnectionAsync(node.uri().getHost(), node.uri().getPort());
		}
		catch (RuntimeException ex) {
			return Mono.error(() -> unavailable(node, "is unknown to Lettuce: " + ex.getMessage()));
		}
		if (connection.isDone() && !connection.isCompletedExceptionally()) {
			return open(node, connection.join());
		}
		return Mono.fromCompletionStage(connection).onErrorMap((error) -> {
			suspect(node);
			RedisUnavailableException unavailable = unavailable(node, "cannot be reached: " + error.getMessage());
			unavailable.initCause(error);
			return unavailable;
		}).flatMap((open) -> open(node, open));
	}

	/**
	 * Returns the command connection to a master if it is open now.
	 * @param node the master
	 * @return the open connection, or {@code null} while it is being opened
	 * @throws RedisUnavailableException if the master is taken for failed, or was lost
	 * (its connection, or another to it, closed)
	 */
	@Nullable StatefulRedisConnection<String, byte[]> openConnection(ClusterTopology.Node node) {
		if (this.suspects.contains(node.key())) {
			refreshSoon();
			throw unavailable(node, "was lost");
		}
		if (node.failing()) {
			refreshSoon();
			throw unavailable(node, "is failing");
		}
		CompletableFuture<StatefulRedisConnection<String, byte[]>> connection;
		try {
			connection = this.commands.getConnectionAsync(node.uri().getHost(), node.uri().getPort());
		}
		catch (RuntimeException ex) {
			throw unavailable(node, "is unknown to Lettuce: " + ex.getMessage());
		}
		if (!connection.isDone()) {
			return null;
		}
		if (connection.isCompletedExceptionally() || !connection.join().isOpen()) {
			suspect(node);
			throw unavailable(node, "cannot be reached");
		}
		return connection.join();
	}

	private Mono<StatefulRedisConnection<String, byte[]>> open(ClusterTopology.Node node,
			StatefulRedisConnection<String, byte[]> connection) {
		if (connection.isOpen()) {
			return Mono.just(connection);
		}
		suspect(node);
		return Mono.error(() -> unavailable(node, "cannot be reached"));
	}

	static RedisUnavailableException unavailable(ClusterTopology.Node node, String why) {
		return new RedisUnavailableException("Redis Cluster master " + node.key() + " " + why
				+ ": cross-server operations that need it are unavailable until it is back or failed over");
	}

	/**
	 * Opens a pub/sub connection pinned to a node.
	 * @param node the node
	 * @return the connection, once open
	 */
	CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> connectPubSub(ClusterTopology.Node node) {
		return this.nodeClient.connectPubSubAsync(LettucePubSubTransport.CODEC, node.uri()).toCompletableFuture();
	}

	/**
	 * Opens a connection pinned to a node, as a blocking read that follows a key's owner
	 * needs one of its own.
	 * @param node the node
	 * @param codec the codec
	 * @param <K> the type of keys
	 * @param <V> the type of values
	 * @return the connection, once open
	 */
	<K, V> CompletableFuture<StatefulRedisConnection<K, V>> connect(ClusterTopology.Node node, RedisCodec<K, V> codec) {
		return this.nodeClient.connectAsync(codec, node.uri()).toCompletableFuture();
	}

	/**
	 * Reports a master a command or a pinned connection could not reach: what needs it
	 * fails at once (rather than be written to a connection Lettuce has not yet seen
	 * closed, and wait for Lettuce's command timeout), and the view is refreshed, until
	 * it serves no slot or answers again.
	 * @param node the master
	 */
	void suspect(ClusterTopology.Node node) {
		this.suspects.add(node.key());
		refreshSoon();
	}

	/**
	 * Refreshes the view now, and again until the cluster is whole, nothing is suspected
	 * and every participant settled.
	 */
	void refreshSoon() {
		if (this.closed || !this.refreshing.compareAndSet(false, true)) {
			return;
		}
		refresh(Duration.ZERO);
	}

	private void refresh(Duration delay) {
		this.nextRefresh = Schedulers.parallel().schedule(() -> {
			if (this.closed) {
				return;
			}
			this.client.refreshPartitionsAsync().whenComplete((done, error) -> {
				if (error != null) {
					logger.debug("Refreshing the Redis Cluster topology failed: " + error);
				}
				else {
					this.views.execute(() -> update(ClusterTopology.of(this.client.getPartitions())));
				}
				probeSuspects();
				this.views.execute(() -> next(delay));
			});
		}, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Pings the masters still suspected, so that one back after a restart is no longer.
	 */
	private void probeSuspects() {
		ClusterTopology view = this.topology;
		for (String key : this.suspects) {
			ClusterTopology.Node master = view.master(key);
			if (master != null && !master.failing()) {
				connection(master).flatMap((connection) -> Mono.fromCompletionStage(connection.async().ping()))
					.timeout(MAX_RETRY)
					.subscribe((pong) -> reached(master), (error) -> {
					});
			}
		}
	}

	private void next(Duration delay) {
		if (this.closed) {
			return;
		}
		if (!settled()) {
			Duration next = delay.isZero() ? FIRST_RETRY : delay.multipliedBy(2);
			refresh((next.compareTo(MAX_RETRY) > 0) ? MAX_RETRY : next);
			return;
		}
		this.refreshing.set(false);
		if (!settled()) {
			refreshSoon();
		}
	}

	private void update(ClusterTopology view) {
		ClusterTopology previous = this.topology;
		this.topology = view;
		this.suspects.removeIf((key) -> view.master(key) == null);
		if (!view.toString().equals(previous.toString())) {
			logger.info("Socket.IO adapter sees the Redis Cluster with " + view);
		}
		for (Participant participant : this.participants) {
			participant.onTopology(view);
		}
	}

	private boolean settled() {
		if (!this.topology.isHealthy() || !this.suspects.isEmpty()) {
			return false;
		}
		for (Participant participant : this.participants) {
			if (!participant.isSettled()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Tells that a master answered again.
	 * @param node the master
	 */
	void reached(ClusterTopology.Node node) {
		this.suspects.remove(node.key());
	}

	/**
	 * Closes every connection but the pinned ones, which their users close.
	 * @return completes when they are closed
	 */
	CompletableFuture<Void> close() {
		this.closed = true;
		this.nextRefresh.dispose();
		this.topologyEvents.dispose();
		return this.commands.closeAsync()
			.thenCompose((done) -> this.nodeClient.shutdownAsync(0, 2, TimeUnit.SECONDS))
			.exceptionally((error) -> null);
	}

	/**
	 * Something that places connections on the cluster's nodes and moves them when the
	 * cluster changes.
	 */
	interface Participant {

		/**
		 * Takes a view of the cluster, after each refresh (changed or not). Must not
		 * block.
		 * @param topology the view
		 */
		void onTopology(ClusterTopology topology);

		/**
		 * Tells whether everything this participant wants is in place; the view is
		 * refreshed until it is.
		 * @return whether it settled
		 */
		boolean isSettled();

	}

}
