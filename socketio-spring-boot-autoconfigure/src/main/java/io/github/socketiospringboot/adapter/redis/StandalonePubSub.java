package io.github.socketiospringboot.adapter.redis;

import java.net.SocketAddress;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Pub/sub on one standalone Redis, or on the master Sentinel names: one dedicated pub/sub
 * connection for every subscription of the server, one connection for publications and
 * counts. Lettuce reconnects both by itself (asking Sentinel for the master again) and
 * subscribes again to what it knew; the changes made while Redis was away are applied on
 * reconnection.
 */
final class StandalonePubSub implements PubSubBackend {

	private static final Log logger = LogFactory.getLog(LettucePubSubTransport.class);

	private final boolean sharded;

	private final WantedSubscriptions wanted;

	private final RedisClient client;

	private final StatefulRedisPubSubConnection<String, byte[]> subscriber;

	private final StatefulRedisConnection<String, byte[]> publisher;

	private final Set<String> sentChannels = ConcurrentHashMap.newKeySet();

	private final Set<String> sentPatterns = ConcurrentHashMap.newKeySet();

	private final StateListener stateListener = new StateListener();

	private StandalonePubSub(boolean sharded, WantedSubscriptions wanted, RedisClient client,
			StatefulRedisPubSubConnection<String, byte[]> subscriber,
			StatefulRedisConnection<String, byte[]> publisher) {
		this.sharded = sharded;
		this.wanted = wanted;
		this.client = client;
		this.subscriber = subscriber;
		this.publisher = publisher;
	}

	/**
	 * Opens the connections; blocks until they are open.
	 * @param client the client
	 * @param sharded whether to use sharded pub/sub
	 * @param wanted what the adapters subscribe to
	 * @return the backend
	 */
	static StandalonePubSub connect(RedisClient client, boolean sharded, WantedSubscriptions wanted) {
		StatefulRedisPubSubConnection<String, byte[]> subscriber = client.connectPubSub(LettucePubSubTransport.CODEC);
		StatefulRedisConnection<String, byte[]> publisher;
		try {
			publisher = client.connect(LettucePubSubTransport.CODEC);
		}
		catch (RuntimeException ex) {
			subscriber.closeAsync();
			throw ex;
		}
		subscriber.addListener(wanted);
		StandalonePubSub backend = new StandalonePubSub(sharded, wanted, client, subscriber, publisher);
		client.addListener(backend.stateListener);
		return backend;
	}

	@Override
	public Mono<Void> subscribe(String channel) {
		if (!this.subscriber.isOpen()) {
			return Mono.empty();
		}
		this.sentChannels.add(channel);
		RedisPubSubAsyncCommands<String, byte[]> commands = this.subscriber.async();
		return command(this.sharded ? commands.ssubscribe(channel) : commands.subscribe(channel));
	}

	@Override
	public Mono<Void> unsubscribe(String channel) {
		if (!this.subscriber.isOpen()) {
			return Mono.empty();
		}
		this.sentChannels.remove(channel);
		RedisPubSubAsyncCommands<String, byte[]> commands = this.subscriber.async();
		return command(this.sharded ? commands.sunsubscribe(channel) : commands.unsubscribe(channel));
	}

	@Override
	public Mono<Void> psubscribe(String pattern) {
		if (!this.subscriber.isOpen()) {
			return Mono.empty();
		}
		this.sentPatterns.add(pattern);
		return command(this.subscriber.async().psubscribe(pattern));
	}

	@Override
	public Mono<Void> punsubscribe(String pattern) {
		if (!this.subscriber.isOpen()) {
			return Mono.empty();
		}
		this.sentPatterns.remove(pattern);
		return command(this.subscriber.async().punsubscribe(pattern));
	}

	private static Mono<Void> command(RedisFuture<Void> future) {
		return Mono.fromCompletionStage(future);
	}

	/**
	 * Brings the subscriptions of a reconnected subscriber in line with what the adapters
	 * want: Lettuce resubscribes what it was told before the connection was lost, but the
	 * changes made while it was down were not sent (rather than queued).
	 */
	private void reconcile() {
		Set<String> wantedChannels = this.wanted.channels();
		Set<String> stale = new HashSet<>(this.sentChannels);
		stale.removeAll(wantedChannels);
		RedisPubSubAsyncCommands<String, byte[]> commands = this.subscriber.async();
		if (!wantedChannels.isEmpty()) {
			String[] all = wantedChannels.toArray(new String[0]);
			this.sentChannels.addAll(wantedChannels);
			logFailure(this.sharded ? commands.ssubscribe(all) : commands.subscribe(all));
		}
		if (!stale.isEmpty()) {
			String[] all = stale.toArray(new String[0]);
			this.sentChannels.removeAll(stale);
			logFailure(this.sharded ? commands.sunsubscribe(all) : commands.unsubscribe(all));
		}
		if (this.sharded) {
			return;
		}
		Set<String> wantedPatterns = this.wanted.patterns();
		Set<String> stalePatterns = new HashSet<>(this.sentPatterns);
		stalePatterns.removeAll(wantedPatterns);
		if (!wantedPatterns.isEmpty()) {
			this.sentPatterns.addAll(wantedPatterns);
			logFailure(commands.psubscribe(wantedPatterns.toArray(new String[0])));
		}
		if (!stalePatterns.isEmpty()) {
			this.sentPatterns.removeAll(stalePatterns);
			logFailure(commands.punsubscribe(stalePatterns.toArray(new String[0])));
		}
	}

	private static void logFailure(RedisFuture<Void> command) {
		command.whenComplete((result, error) -> {
			if (error != null) {
				logger.warn("Socket.IO adapter could not resubscribe after reconnecting to Redis: " + error);
			}
		});
	}

	@Override
	public Mono<Void> publish(String channel, byte[] payload) {
		if (!this.publisher.isOpen()) {
			throw new RedisUnavailableException("Redis is not reachable: cross-server operations are unavailable");
		}
		return Mono
			.fromCompletionStage(this.sharded ? this.publisher.async().spublish(channel, payload)
					: this.publisher.async().publish(channel, payload))
			.then();
	}

	@Override
	public Mono<Integer> subscriberCount(String channel) {
		if (!this.publisher.isOpen()) {
			return Mono.error(
					new RedisUnavailableException("Redis is not reachable: cross-server operations are unavailable"));
		}
		RedisFuture<Map<String, Long>> counts = this.sharded ? this.publisher.async().pubsubShardNumsub(channel)
				: this.publisher.async().pubsubNumsub(channel);
		return Mono.fromCompletionStage(counts).map((map) -> map.getOrDefault(channel, 0L).intValue());
	}

	@Override
	public boolean isConnected() {
		return this.subscriber.isOpen() && this.publisher.isOpen();
	}

	@Override
	public CompletableFuture<Void> close() {
		this.client.removeListener(this.stateListener);
		return CompletableFuture.allOf(this.subscriber.closeAsync(), this.publisher.closeAsync());
	}

	/**
	 * Logs when the connections are lost and restored, and reconciles the subscriptions
	 * of a reconnected subscriber.
	 */
	private final class StateListener implements RedisConnectionStateListener {

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
			if (connection == StandalonePubSub.this.subscriber) {
				logger.info("Socket.IO adapter reconnected to Redis at " + address);
				reconcile();
			}
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (connection == StandalonePubSub.this.subscriber || connection == StandalonePubSub.this.publisher) {
				logger.warn("Socket.IO adapter lost its Redis connection: local traffic goes on, cross-server "
						+ "operations fail until Lettuce reconnects");
			}
		}

	}

}
