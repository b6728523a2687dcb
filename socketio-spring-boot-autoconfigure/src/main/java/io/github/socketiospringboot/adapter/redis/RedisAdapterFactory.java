package io.github.socketiospringboot.adapter.redis;

import java.util.function.Supplier;

import io.github.socketiospringboot.adapter.Adapter;
import io.github.socketiospringboot.adapter.AdapterFactory;
import io.github.socketiospringboot.adapter.AdapterHost;
import io.github.socketiospringboot.adapter.cluster.ClusterObserver;
import io.github.socketiospringboot.adapter.cluster.classic.ClassicAdapterFactory;
import io.github.socketiospringboot.adapter.cluster.classic.ClassicOptions;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedAdapterFactory;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The adapters of a server in a cluster of servers on Redis (standalone, Sentinel or
 * Redis Cluster): the classic protocol of the Node adapter's {@code createAdapter}, the
 * sharded one of {@code createShardedAdapter}, or that of the Redis Streams adapter
 * ({@code @socket.io/redis-streams-adapter}), on Lettuce connections (publish/subscribe,
 * and for streams a stream connection) this factory owns and closes.
 *
 * <pre class="code">
 * SocketIOServer io = new SocketIOServer(options, mapper,
 *         RedisAdapterFactory.classic(lettuceConnectionFactory, ClassicOptions.DEFAULTS));
 * </pre>
 */
public final class RedisAdapterFactory implements AdapterFactory, AutoCloseable {

	private final AdapterFactory protocol;

	private final LettucePubSubTransport transport;

	private final @Nullable LettuceStreamTransport streams;

	private RedisAdapterFactory(AdapterFactory protocol, LettucePubSubTransport transport) {
		this(protocol, transport, null);
	}

	private RedisAdapterFactory(AdapterFactory protocol, LettucePubSubTransport transport,
			@Nullable LettuceStreamTransport streams) {
		this.protocol = protocol;
		this.transport = transport;
		this.streams = streams;
	}

	/**
	 * Creates the classic adapters on the Redis client of Spring Data Redis's connection
	 * factory (the one Spring Boot configures from {@code spring.data.redis.*}): a
	 * standalone Redis, a master found through Sentinel, or a Redis Cluster.
	 * @param connectionFactory the connection factory
	 * @param options the protocol settings
	 * @return the factory, connecting in the background
	 */
	public static RedisAdapterFactory classic(LettuceConnectionFactory connectionFactory, ClassicOptions options) {
		if (connectionFactory.isClusterAware()) {
			return classicOnCluster(clusterClient(connectionFactory), options);
		}
		return classic(nativeClient(connectionFactory), options);
	}

	/**
	 * Creates the classic adapters on a Lettuce client.
	 * @param client supplies the client
	 * @param options the protocol settings
	 * @return the factory, connecting in the background
	 */
	public static RedisAdapterFactory classic(Supplier<RedisClient> client, ClassicOptions options) {
		LettucePubSubTransport transport = LettucePubSubTransport.classic(client, options.requestTimeout());
		return new RedisAdapterFactory(new ClassicAdapterFactory(transport, options), transport);
	}

	/**
	 * Creates the classic adapters on a Lettuce Redis Cluster client: the subscriptions
	 * of each server on one master, where the Node adapter counts them.
	 * @param client supplies the client
	 * @param options the protocol settings
	 * @return the factory, connecting in the background
	 */
	public static RedisAdapterFactory classicOnCluster(Supplier<RedisClusterClient> client, ClassicOptions options) {
		LettucePubSubTransport transport = LettucePubSubTransport.classicOnCluster(client, options.requestTimeout());
		return new RedisAdapterFactory(new ClassicAdapterFactory(transport, options), transport);
	}

	/**
	 * Creates the sharded adapters (Redis 7 sharded pub/sub) on the Redis client of
	 * Spring Data Redis's connection factory, which has no sharded pub/sub of its own: a
	 * standalone Redis, a master found through Sentinel, or a Redis Cluster.
	 * @param connectionFactory the connection factory
	 * @param options the protocol settings
	 * @return the factory, connecting in the background
	 */
	public static RedisAdapterFactory sharded(LettuceConnectionFactory connectionFactory, ShardedOptions options) {
		if (connectionFactory.isClusterAware()) {
			return shardedOnCluster(clusterClient(connectionFactory), options);
		}
		return sharded(nativeClient(connectionFactory), options);
	}

	/**
	 * Creates the sharded adapters on a Lettuce client.
	 * @param client supplies the client
	 * @param options the protocol settings
	 * @return the factory, connecting in the background
	 */
	public static RedisAdapterFactory sharded(Supplier<RedisClient> client, ShardedOptions options) {
		LettucePubSubTransport transport = LettucePubSubTransport.sharded(client, options.requestTimeout());
		return new RedisAdapterFactory(new ShardedAdapterFactory(transport, options), transport);
	}

	/**
	 * Creates the sharded adapters on a Lettuce Redis Cluster client: each shard channel
	 * on the master that serves its slot.
	 * @param client supplies the client
	 * @param options the protocol settings
	 * @return the factory, connecting in the background
	 */
	public static RedisAdapterFactory shardedOnCluster(Supplier<RedisClusterClient> client, ShardedOptions options) {
		LettucePubSubTransport transport = LettucePubSubTransport.shardedOnCluster(client, options.requestTimeout());
		return new RedisAdapterFactory(new ShardedAdapterFactory(transport, options), transport);
	}

	/**
	 * Creates the Redis Streams adapters on the Redis client of Spring Data Redis's
	 * connection factory: a standalone Redis, a master found through Sentinel, or a Redis
	 * Cluster.
	 * @param connectionFactory the connection factory
	 * @param options the protocol settings
	 * @return the factory, connecting in the background
	 */
	public static RedisAdapterFactory streams(LettuceConnectionFactory connectionFactory, StreamsOptions options) {
		if (connectionFactory.isClusterAware()) {
			return streamsOnCluster(clusterClient(connectionFactory), options);
		}
		return streams(nativeClient(connectionFactory), options);
	}

	/**
	 * Creates the Redis Streams adapters on a Lettuce client.
	 * @param client supplies the client
	 * @param options the protocol settings
	 * @return the factory, connecting in the background
	 */
	public static RedisAdapterFactory streams(Supplier<RedisClient> client, StreamsOptions options) {
		LettucePubSubTransport transport = options.shardedPubSub()
				? LettucePubSubTransport.sharded(client, options.requestTimeout())
				: LettucePubSubTransport.classic(client, options.requestTimeout());
		LettuceStreamTransport streams = LettuceStreamTransport.standalone(client, options.readCount(),
				options.blockTime());
		return new RedisAdapterFactory(new StreamsAdapterFactory(transport, streams, options, ClusterObserver.NONE),
				transport, streams);
	}

	/**
	 * Creates the Redis Streams adapters on a Lettuce Redis Cluster client: each stream
	 * written and read on the master of its key's slot, the sessions on the masters of
	 * theirs, pub/sub as the classic or sharded adapters place it.
	 * @param client supplies the client
	 * @param options the protocol settings
	 * @return the factory, connecting in the background
	 */
	public static RedisAdapterFactory streamsOnCluster(Supplier<RedisClusterClient> client, StreamsOptions options) {
		LettucePubSubTransport transport = options.shardedPubSub()
				? LettucePubSubTransport.shardedOnCluster(client, options.requestTimeout())
				: LettucePubSubTransport.classicOnCluster(client, options.requestTimeout());
		LettuceStreamTransport streams = LettuceStreamTransport.cluster(client, options.readCount(),
				options.blockTime());
		return new RedisAdapterFactory(new StreamsAdapterFactory(transport, streams, options, ClusterObserver.NONE),
				transport, streams);
	}

	private static Supplier<RedisClient> nativeClient(LettuceConnectionFactory connectionFactory) {
		return () -> {
			AbstractRedisClient client = connectionFactory.getRequiredNativeClient();
			if (client instanceof RedisClient redisClient) {
				return redisClient;
			}
			throw new UnsupportedOperationException(
					"Expected a standalone or Sentinel Redis client, got " + client.getClass().getSimpleName());
		};
	}

	private static Supplier<RedisClusterClient> clusterClient(LettuceConnectionFactory connectionFactory) {
		return () -> {
			AbstractRedisClient client = connectionFactory.getRequiredNativeClient();
			if (client instanceof RedisClusterClient clusterClient) {
				return clusterClient;
			}
			throw new UnsupportedOperationException(
					"Expected a Redis Cluster client, got " + client.getClass().getSimpleName());
		};
	}

	/**
	 * Names the wire protocol of the adapters, as {@code socketio.adapter.type} does.
	 * @return {@code redis} (the classic protocol), {@code redis-sharded} or
	 * {@code redis-streams}
	 */
	public String type() {
		if (this.protocol instanceof ShardedAdapterFactory) {
			return "redis-sharded";
		}
		return (this.streams != null) ? "redis-streams" : "redis";
	}

	/**
	 * Returns the protocol's factory.
	 * @return the classic, sharded or streams factory
	 */
	public AdapterFactory protocol() {
		return this.protocol;
	}

	/**
	 * Returns the transport.
	 * @return the transport
	 */
	LettucePubSubTransport transport() {
		return this.transport;
	}

	/**
	 * Tells whether the adapters reach Redis: the pub/sub connection, and for the Redis
	 * Streams adapters the stream connection too, is up.
	 * @return whether they are connected
	 */
	public boolean isConnected() {
		return this.transport.isConnected() && (this.streams == null || this.streams.isConnected());
	}

	/**
	 * Returns the stream transport of the Redis Streams adapters.
	 * @return the transport, or {@code null} for the other protocols
	 */
	@Nullable LettuceStreamTransport streams() {
		return this.streams;
	}

	@Override
	public Adapter create(AdapterHost namespace) {
		return this.protocol.create(namespace);
	}

	/**
	 * Closes the transports' connections.
	 */
	@Override
	public void close() {
		this.transport.close();
		if (this.streams != null) {
			this.streams.close();
		}
	}

}
