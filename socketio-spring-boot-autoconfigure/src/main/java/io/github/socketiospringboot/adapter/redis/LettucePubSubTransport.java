package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.socketiospringboot.adapter.cluster.MessageListener;
import io.github.socketiospringboot.adapter.cluster.PubSubTransport;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * A {@link PubSubTransport} on Redis through Lettuce: one dedicated pub/sub connection
 * for every subscription of the server, one connection for publications and counts.
 * Classic mode uses {@code SUBSCRIBE}, {@code PSUBSCRIBE}, {@code PUBLISH} and
 * {@code PUBSUB NUMSUB}; sharded mode {@code SSUBSCRIBE}, {@code SPUBLISH} and
 * {@code PUBSUB SHARDNUMSUB} (Redis 7).
 *
 * <p>
 * The connections open in the background, retrying until Redis answers. Once open,
 * Lettuce reconnects them by itself and subscribes again to every channel, sharded
 * channel and pattern it knew; subscription changes made while Redis was away are not
 * queued but applied on reconnection. While Redis is unreachable, publications and counts
 * fail at once with a {@link RedisUnavailableException} (nothing is queued), and at most
 * {@value #MAX_IN_FLIGHT} publications wait for Redis at any time. Non-blocking: commands
 * go through Lettuce's asynchronous API; only the first connection attempt runs on
 * Reactor's bounded elastic scheduler.
 */
public final class LettucePubSubTransport implements PubSubTransport, AutoCloseable {

	/** How long {@link #close()} waits for the connections to be closed. */
	private static final long CLOSE_WAIT_MILLIS = 2000;

	/** How many publications may await Redis's answer at once. */
	public static final int MAX_IN_FLIGHT = 10_000;

	private static final Log logger = LogFactory.getLog(LettucePubSubTransport.class);

	private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private final boolean sharded;

	private final Duration timeout;

	private final Map<String, MessageListener> channels = new ConcurrentHashMap<>();

	private final Map<String, MessageListener> patterns = new ConcurrentHashMap<>();

	private final Set<String> sentChannels = ConcurrentHashMap.newKeySet();

	private final Set<String> sentPatterns = ConcurrentHashMap.newKeySet();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Mono<Connections> connections;

	private final Disposable connecting;

	private final StateLogger stateLogger = new StateLogger();

	private volatile @Nullable Connections open;

	private volatile boolean closed;

	private LettucePubSubTransport(Supplier<RedisClient> client, boolean sharded, Duration timeout) {
		this.sharded = sharded;
		this.timeout = timeout;
		this.connections = Mono.fromCallable(() -> connect(client.get()))
			.subscribeOn(Schedulers.boundedElastic())
			.doOnError((error) -> logger.warn("Cannot connect the Socket.IO adapter to Redis (retrying): " + error))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
				.maxBackoff(Duration.ofSeconds(5))
				.filter((error) -> !this.closed && !(error instanceof UnsupportedOperationException)))
			.cache();
		this.connecting = this.connections.subscribe(null, (error) -> {
		});
	}

	/**
	 * Creates a transport of the classic protocol (plain pub/sub).
	 * @param client supplies the Lettuce client, asked again until it can be had; an
	 * {@link UnsupportedOperationException} stops the attempts
	 * @param timeout how long a count may take
	 * @return the transport, connecting in the background
	 */
	public static LettucePubSubTransport classic(Supplier<RedisClient> client, Duration timeout) {
		return new LettucePubSubTransport(client, false, timeout);
	}

	/**
	 * Creates a transport of the sharded protocol (sharded pub/sub, Redis 7).
	 * @param client supplies the Lettuce client, asked again until it can be had; an
	 * {@link UnsupportedOperationException} stops the attempts
	 * @param timeout how long a count may take
	 * @return the transport, connecting in the background
	 */
	public static LettucePubSubTransport sharded(Supplier<RedisClient> client, Duration timeout) {
		return new LettucePubSubTransport(client, true, timeout);
	}

	/**
	 * Tells whether both connections are open now.
	 * @return whether Redis is reachable
	 */
	public boolean isConnected() {
		Connections current = this.open;
		return current != null && current.subscriber.isOpen() && current.publisher.isOpen();
	}

	private Connections connect(RedisClient client) {
		if (this.closed) {
			throw new IllegalStateException("Transport closed");
		}
		StatefulRedisPubSubConnection<String, byte[]> subscriber = client.connectPubSub(CODEC);
		StatefulRedisConnection<String, byte[]> publisher;
		try {
			publisher = client.connect(CODEC);
		}
		catch (RuntimeException ex) {
			subscriber.closeAsync();
			throw ex;
		}
		subscriber.addListener(new Dispatcher());
		Connections connections = new Connections(client, subscriber, publisher);
		client.addListener(this.stateLogger);
		this.open = connections;
		if (this.closed) {
			connections.close(this.stateLogger);
			throw new IllegalStateException("Transport closed");
		}
		logger.info("Socket.IO adapter connected to Redis (" + (this.sharded ? "sharded" : "classic") + " pub/sub)");
		return connections;
	}

	@Override
	public Mono<Void> subscribe(String channel, MessageListener listener) {
		this.channels.put(channel, listener);
		return this.connections.flatMap((c) -> {
			if (!c.subscriber.isOpen()) {
				return Mono.empty();
			}
			this.sentChannels.add(channel);
			return command(
					this.sharded ? c.subscriber.async().ssubscribe(channel) : c.subscriber.async().subscribe(channel));
		});
	}

	@Override
	public Mono<Void> unsubscribe(String channel) {
		this.channels.remove(channel);
		return this.connections.flatMap((c) -> {
			if (!c.subscriber.isOpen()) {
				return Mono.empty();
			}
			this.sentChannels.remove(channel);
			return command(this.sharded ? c.subscriber.async().sunsubscribe(channel)
					: c.subscriber.async().unsubscribe(channel));
		});
	}

	@Override
	public Mono<Void> psubscribe(String pattern, MessageListener listener) {
		if (this.sharded) {
			return Mono.error(new UnsupportedOperationException("Sharded pub/sub has no patterns"));
		}
		this.patterns.put(pattern, listener);
		return this.connections.flatMap((c) -> {
			if (!c.subscriber.isOpen()) {
				return Mono.empty();
			}
			this.sentPatterns.add(pattern);
			return command(c.subscriber.async().psubscribe(pattern));
		});
	}

	@Override
	public Mono<Void> punsubscribe(String pattern) {
		this.patterns.remove(pattern);
		if (this.sharded) {
			return Mono.empty();
		}
		return this.connections.flatMap((c) -> {
			if (!c.subscriber.isOpen()) {
				return Mono.empty();
			}
			this.sentPatterns.remove(pattern);
			return command(c.subscriber.async().punsubscribe(pattern));
		});
	}

	/**
	 * Brings the subscriptions of a reconnected subscriber in line with what the adapters
	 * want: Lettuce resubscribes what it was told before the connection was lost, but the
	 * changes made while it was down were not sent (rather than queued).
	 */
	private void reconcile(Connections c) {
		Set<String> wanted = Set.copyOf(this.channels.keySet());
		Set<String> stale = new HashSet<>(this.sentChannels);
		stale.removeAll(wanted);
		RedisPubSubAsyncCommands<String, byte[]> commands = c.subscriber.async();
		if (!wanted.isEmpty()) {
			String[] all = wanted.toArray(new String[0]);
			this.sentChannels.addAll(wanted);
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
		Set<String> wantedPatterns = Set.copyOf(this.patterns.keySet());
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
		return Mono.defer(() -> {
			Connections c = reachable();
			if (this.inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
				this.inFlight.decrementAndGet();
				return Mono.error(new RedisUnavailableException(
						"More than " + MAX_IN_FLIGHT + " publications await Redis; dropped one on " + channel));
			}
			RedisFuture<Long> sent = this.sharded ? c.publisher.async().spublish(channel, payload)
					: c.publisher.async().publish(channel, payload);
			return Mono.fromCompletionStage(sent).doFinally((signal) -> this.inFlight.decrementAndGet()).then();
		});
	}

	@Override
	public Mono<Integer> subscriberCount(String channel) {
		return Mono.defer(() -> {
			Connections c = reachable();
			RedisFuture<Map<String, Long>> counts = this.sharded ? c.publisher.async().pubsubShardNumsub(channel)
					: c.publisher.async().pubsubNumsub(channel);
			return Mono.fromCompletionStage(counts)
				.map((map) -> map.getOrDefault(channel, 0L).intValue())
				.timeout(this.timeout,
						Mono.error(() -> new RedisUnavailableException("Redis did not count the subscribers of "
								+ channel + " within " + this.timeout.toMillis() + " ms")));
		});
	}

	private Connections reachable() {
		Connections c = this.open;
		if (this.closed) {
			throw new RedisUnavailableException("The Socket.IO Redis transport is closed");
		}
		if (c == null || !c.publisher.isOpen()) {
			throw new RedisUnavailableException("Redis is not reachable: cross-server operations are unavailable");
		}
		return c;
	}

	private static Mono<Void> command(RedisFuture<Void> future) {
		return Mono.fromCompletionStage(future);
	}

	/**
	 * Closes the connections, waiting up to two seconds for them to be closed unless
	 * called from a non-blocking thread (so that a client shut down right after does not
	 * close them a second time); does nothing when closed already.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.connecting.dispose();
		Connections c = this.open;
		if (c != null) {
			CompletableFuture<Void> closing = c.close(this.stateLogger);
			if (!Schedulers.isInNonBlockingThread()) {
				try {
					closing.get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				catch (ExecutionException | TimeoutException ex) {
					logger.debug("Closing the Redis connections of the Socket.IO adapter: " + ex);
				}
			}
		}
	}

	private record Connections(RedisClient client, StatefulRedisPubSubConnection<String, byte[]> subscriber,
			StatefulRedisConnection<String, byte[]> publisher) {

		CompletableFuture<Void> close(RedisConnectionStateListener listener) {
			this.client.removeListener(listener);
			return CompletableFuture.allOf(this.subscriber.closeAsync(), this.publisher.closeAsync());
		}

	}

	/**
	 * Hands each message to the listener of its channel or pattern, on Lettuce's I/O
	 * thread.
	 */
	private final class Dispatcher implements RedisPubSubListener<String, byte[]> {

		@Override
		public void message(String channel, byte[] message) {
			dispatch(LettucePubSubTransport.this.channels.get(channel), channel, message);
		}

		@Override
		public void message(String pattern, String channel, byte[] message) {
			dispatch(LettucePubSubTransport.this.patterns.get(pattern), channel, message);
		}

		@Override
		public void smessage(String channel, byte[] message) {
			dispatch(LettucePubSubTransport.this.channels.get(channel), channel, message);
		}

		private void dispatch(@Nullable MessageListener listener, String channel, byte[] message) {
			if (listener == null) {
				return;
			}
			try {
				listener.onMessage(channel, message);
			}
			catch (RuntimeException ex) {
				logger.error("Listener of Redis channel " + channel + " failed", ex);
			}
		}

		@Override
		public void subscribed(String channel, long count) {
		}

		@Override
		public void psubscribed(String pattern, long count) {
		}

		@Override
		public void unsubscribed(String channel, long count) {
		}

		@Override
		public void punsubscribed(String pattern, long count) {
		}

	}

	/**
	 * Logs when the connections of this transport are lost and restored.
	 */
	private final class StateLogger implements RedisConnectionStateListener {

		@Override
		public void onRedisConnected(RedisChannelHandler<?, ?> connection, java.net.SocketAddress address) {
			Connections c = LettucePubSubTransport.this.open;
			if (c != null && connection == c.subscriber) {
				logger.info("Socket.IO adapter reconnected to Redis at " + address);
				reconcile(c);
			}
		}

		@Override
		public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
			if (isOwn(connection) && !LettucePubSubTransport.this.closed) {
				logger.warn("Socket.IO adapter lost its Redis connection: local traffic goes on, cross-server "
						+ "operations fail until Lettuce reconnects");
			}
		}

		private boolean isOwn(RedisChannelHandler<?, ?> connection) {
			Connections c = LettucePubSubTransport.this.open;
			return c != null && (connection == c.subscriber || connection == c.publisher);
		}

	}

}
