package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.socketiospringboot.adapter.cluster.PubSubTransport;
import io.github.socketiospringboot.adapter.cluster.PubSubTransport.MessageListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * A {@link PubSubTransport} on Redis through Lettuce. Classic mode uses
 * {@code SUBSCRIBE}, {@code PSUBSCRIBE}, {@code PUBLISH} and {@code PUBSUB NUMSUB};
 * sharded mode {@code SSUBSCRIBE}, {@code SPUBLISH} and {@code PUBSUB SHARDNUMSUB} (Redis
 * 7).
 *
 * <p>
 * On a standalone Redis (or the master Sentinel names), one dedicated pub/sub connection
 * carries every subscription of the server and one connection the publications and
 * counts; Lettuce reconnects them by itself and subscribes again to every channel, shard
 * channel and pattern it knew, and the subscription changes made while Redis was away are
 * applied on reconnection. On a Redis Cluster, the subscriptions are placed on
 * connections pinned to the masters where the reference's adapters place them (each shard
 * channel on the master of its slot; classic ones on one master), counts are summed over
 * the masters, and this transport moves the subscriptions itself when a master is lost or
 * the cluster changes.
 *
 * <p>
 * The connections open in the background, retrying until Redis answers. While the Redis
 * node an operation needs is unreachable, publications and counts fail at once with a
 * {@link RedisUnavailableException} (nothing is queued), and at most
 * {@value #MAX_IN_FLIGHT} publications wait for Redis at any time. Non-blocking: commands
 * go through Lettuce's asynchronous API; only the first connection attempt runs on
 * Reactor's bounded elastic scheduler.
 */
final class LettucePubSubTransport implements PubSubTransport, AutoCloseable {

	/** How long {@link #close()} waits for the connections to be closed. */
	private static final long CLOSE_WAIT_MILLIS = 2000;

	/** How many publications may await Redis's answer at once. */
	public static final int MAX_IN_FLIGHT = 10_000;

	static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private static final Log logger = LogFactory.getLog(LettucePubSubTransport.class);

	private final boolean sharded;

	private final Duration timeout;

	private final WantedSubscriptions wanted = new WantedSubscriptions();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Mono<PubSubBackend> backend;

	private final Disposable connecting;

	private volatile @Nullable PubSubBackend open;

	private volatile boolean closed;

	private LettucePubSubTransport(boolean sharded, Duration timeout, String deployment,
			Function<WantedSubscriptions, PubSubBackend> connector) {
		this.sharded = sharded;
		this.timeout = timeout;
		this.backend = Mono.fromCallable(() -> connect(connector, deployment))
			.subscribeOn(Schedulers.boundedElastic())
			.doOnError((error) -> logger.warn("Cannot connect the Socket.IO adapter to Redis (retrying): " + error))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
				.maxBackoff(Duration.ofSeconds(5))
				.filter((error) -> !this.closed && !(error instanceof UnsupportedOperationException)))
			.cache();
		this.connecting = this.backend.subscribe(null, (error) -> {
		});
	}

	/**
	 * Creates a transport of the classic protocol (plain pub/sub) on a standalone Redis
	 * or a master found through Sentinel.
	 * @param client supplies the Lettuce client, asked again until it can be had; an
	 * {@link UnsupportedOperationException} stops the attempts
	 * @param timeout how long a count may take
	 * @return the transport, connecting in the background
	 */
	public static LettucePubSubTransport classic(Supplier<RedisClient> client, Duration timeout) {
		return new LettucePubSubTransport(false, timeout, "Redis",
				(wanted) -> StandalonePubSub.connect(client.get(), false, wanted));
	}

	/**
	 * Creates a transport of the sharded protocol (sharded pub/sub, Redis 7) on a
	 * standalone Redis or a master found through Sentinel.
	 * @param client supplies the Lettuce client, asked again until it can be had; an
	 * {@link UnsupportedOperationException} stops the attempts
	 * @param timeout how long a count may take
	 * @return the transport, connecting in the background
	 */
	public static LettucePubSubTransport sharded(Supplier<RedisClient> client, Duration timeout) {
		return new LettucePubSubTransport(true, timeout, "Redis",
				(wanted) -> StandalonePubSub.connect(client.get(), true, wanted));
	}

	/**
	 * Creates a transport of the classic protocol on a Redis Cluster: subscriptions on
	 * one master, counts summed over the masters.
	 * @param client supplies the Lettuce cluster client, asked again until it can be had
	 * @param timeout how long a count may take
	 * @return the transport, connecting in the background
	 */
	public static LettucePubSubTransport classicOnCluster(Supplier<RedisClusterClient> client, Duration timeout) {
		return new LettucePubSubTransport(false, timeout, "Redis Cluster",
				(wanted) -> ClusterPubSub.connect(client.get(), false, wanted, timeout));
	}

	/**
	 * Creates a transport of the sharded protocol on a Redis Cluster: each shard channel
	 * subscribed and published on the master of its slot, counts summed over the masters.
	 * @param client supplies the Lettuce cluster client, asked again until it can be had
	 * @param timeout how long a count may take
	 * @return the transport, connecting in the background
	 */
	public static LettucePubSubTransport shardedOnCluster(Supplier<RedisClusterClient> client, Duration timeout) {
		return new LettucePubSubTransport(true, timeout, "Redis Cluster",
				(wanted) -> ClusterPubSub.connect(client.get(), true, wanted, timeout));
	}

	/**
	 * Tells whether every connection the transport needs is open now.
	 * @return whether Redis is reachable
	 */
	public boolean isConnected() {
		PubSubBackend current = this.open;
		return current != null && current.isConnected();
	}

	/**
	 * Returns the cluster master that holds the classic subscriptions.
	 * @return its {@code host:port}, or {@code null} when not on a Redis Cluster,
	 * sharded, or not connected yet
	 */
	@Nullable String clusterHome() {
		return (this.open instanceof ClusterPubSub cluster) ? cluster.home() : null;
	}

	private PubSubBackend connect(Function<WantedSubscriptions, PubSubBackend> connector, String deployment) {
		if (this.closed) {
			throw new IllegalStateException("Transport closed");
		}
		PubSubBackend connected = connector.apply(this.wanted);
		this.open = connected;
		if (this.closed) {
			connected.close();
			throw new IllegalStateException("Transport closed");
		}
		logger.info("Socket.IO adapter connected to " + deployment + " (" + (this.sharded ? "sharded" : "classic")
				+ " pub/sub)");
		return connected;
	}

	@Override
	public Mono<Void> subscribe(String channel, MessageListener listener) {
		this.wanted.addChannel(channel, listener);
		return this.backend.flatMap((b) -> b.subscribe(channel));
	}

	@Override
	public Mono<Void> unsubscribe(String channel) {
		this.wanted.removeChannel(channel);
		return this.backend.flatMap((b) -> b.unsubscribe(channel));
	}

	@Override
	public Mono<Void> psubscribe(String pattern, MessageListener listener) {
		if (this.sharded) {
			return Mono.error(new UnsupportedOperationException("Sharded pub/sub has no patterns"));
		}
		this.wanted.addPattern(pattern, listener);
		return this.backend.flatMap((b) -> b.psubscribe(pattern));
	}

	@Override
	public Mono<Void> punsubscribe(String pattern) {
		this.wanted.removePattern(pattern);
		if (this.sharded) {
			return Mono.empty();
		}
		return this.backend.flatMap((b) -> b.punsubscribe(pattern));
	}

	@Override
	public Mono<Void> publish(String channel, byte[] payload) {
		return Mono.defer(() -> {
			PubSubBackend b = reachable();
			if (this.inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
				this.inFlight.decrementAndGet();
				return Mono.error(new RedisUnavailableException(
						"More than " + MAX_IN_FLIGHT + " publications await Redis; dropped one on " + channel));
			}
			Mono<Void> sent;
			try {
				sent = b.publish(channel, payload);
			}
			catch (RuntimeException ex) {
				this.inFlight.decrementAndGet();
				return Mono.error(ex);
			}
			return sent.doFinally((signal) -> this.inFlight.decrementAndGet());
		});
	}

	@Override
	public Mono<Integer> subscriberCount(String channel) {
		return Mono.defer(() -> reachable().subscriberCount(channel))
			.timeout(this.timeout,
					Mono.error(() -> new RedisUnavailableException("Redis did not count the subscribers of " + channel
							+ " within " + this.timeout.toMillis() + " ms")));
	}

	private PubSubBackend reachable() {
		PubSubBackend current = this.open;
		if (this.closed) {
			throw new RedisUnavailableException("The Socket.IO Redis transport is closed");
		}
		if (current == null) {
			throw new RedisUnavailableException("Redis is not reachable: cross-server operations are unavailable");
		}
		return current;
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
		PubSubBackend current = this.open;
		if (current != null) {
			CompletableFuture<Void> closing = current.close();
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

}
