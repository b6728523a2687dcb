package io.github.socketiospringboot.adapter.redis;

import java.time.Duration;
import java.util.List;

import io.github.socketiospringboot.adapter.cluster.classic.ClassicOptions;
import io.github.socketiospringboot.adapter.cluster.sharded.ShardedOptions;
import io.github.socketiospringboot.test.RedisCluster;
import io.github.socketiospringboot.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;

/**
 * The Redis under the servers of a test class: one standalone {@code redis-server}, or a
 * Redis Cluster of three masters with a replica each; the Lettuce client the servers
 * share (as the servers of an application share Spring Boot's), and what the tests ask
 * Redis directly, bypassing the code under test.
 */
abstract sealed class TestRedis implements AutoCloseable {

	/** How long a cluster node may be unreachable before it is failed over. */
	static final Duration NODE_TIMEOUT = Duration.ofMillis(1000);

	/**
	 * Starts a standalone Redis.
	 * @return the running Redis
	 */
	static TestRedis standalone() {
		return new Standalone(RedisServer.start());
	}

	/**
	 * Starts a Redis Cluster of three masters and three replicas.
	 * @return the running cluster
	 */
	static TestRedis cluster() {
		return new Cluster(RedisCluster.start(3, 1, NODE_TIMEOUT));
	}

	/**
	 * Tells whether this is a Redis Cluster.
	 * @return whether it is
	 */
	abstract boolean isCluster();

	/**
	 * Creates the classic adapters of one server.
	 * @param options the protocol settings
	 * @return the adapters
	 */
	abstract RedisAdapterFactory classic(ClassicOptions options);

	/**
	 * Creates the sharded adapters of one server.
	 * @param options the protocol settings
	 * @return the adapters
	 */
	abstract RedisAdapterFactory sharded(ShardedOptions options);

	/**
	 * Creates the Redis Streams adapters of one server.
	 * @param options the protocol settings
	 * @return the adapters
	 */
	abstract RedisAdapterFactory streams(StreamsOptions options);

	/**
	 * Opens a bare transport.
	 * @param sharded whether it uses sharded pub/sub
	 * @param timeout how long a count may take
	 * @return the transport
	 */
	abstract LettucePubSubTransport transport(boolean sharded, Duration timeout);

	/**
	 * Counts the subscribers of a channel as the reference does: on the Redis, or summed
	 * over the masters of the cluster.
	 * @param sharded whether it is a shard channel
	 * @param channel the channel
	 * @return the count
	 */
	abstract long subscribers(boolean sharded, String channel);

	/**
	 * Returns the URL of one node, for a Node client.
	 * @return {@code redis://127.0.0.1:PORT}
	 */
	abstract String uri();

	@Override
	public abstract void close();

	static final class Standalone extends TestRedis {

		private final RedisServer redis;

		private final RedisClient client;

		Standalone(RedisServer redis) {
			this.redis = redis;
			this.client = RedisClient.create(redis.uri());
		}

		RedisServer server() {
			return this.redis;
		}

		RedisClient client() {
			return this.client;
		}

		@Override
		boolean isCluster() {
			return false;
		}

		@Override
		RedisAdapterFactory classic(ClassicOptions options) {
			return RedisAdapterFactory.classic(() -> this.client, options);
		}

		@Override
		RedisAdapterFactory sharded(ShardedOptions options) {
			return RedisAdapterFactory.sharded(() -> this.client, options);
		}

		@Override
		RedisAdapterFactory streams(StreamsOptions options) {
			return RedisAdapterFactory.streams(() -> this.client, options);
		}

		@Override
		LettucePubSubTransport transport(boolean sharded, Duration timeout) {
			return sharded ? LettucePubSubTransport.sharded(() -> this.client, timeout)
					: LettucePubSubTransport.classic(() -> this.client, timeout);
		}

		@Override
		long subscribers(boolean sharded, String channel) {
			return this.redis.subscribers(sharded, channel);
		}

		@Override
		String uri() {
			return this.redis.uri();
		}

		@Override
		public void close() {
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			this.redis.close();
		}

	}

	static final class Cluster extends TestRedis {

		private final RedisCluster cluster;

		private final RedisClusterClient client;

		Cluster(RedisCluster cluster) {
			this.cluster = cluster;
			List<RedisURI> seeds = cluster.uris().stream().map(RedisURI::create).toList();
			this.client = RedisClusterClient.create(seeds);
		}

		RedisCluster nodes() {
			return this.cluster;
		}

		RedisClusterClient client() {
			return this.client;
		}

		@Override
		boolean isCluster() {
			return true;
		}

		@Override
		RedisAdapterFactory classic(ClassicOptions options) {
			return RedisAdapterFactory.classicOnCluster(() -> this.client, options);
		}

		@Override
		RedisAdapterFactory sharded(ShardedOptions options) {
			return RedisAdapterFactory.shardedOnCluster(() -> this.client, options);
		}

		@Override
		RedisAdapterFactory streams(StreamsOptions options) {
			return RedisAdapterFactory.streamsOnCluster(() -> this.client, options);
		}

		@Override
		LettucePubSubTransport transport(boolean sharded, Duration timeout) {
			return sharded ? LettucePubSubTransport.shardedOnCluster(() -> this.client, timeout)
					: LettucePubSubTransport.classicOnCluster(() -> this.client, timeout);
		}

		@Override
		long subscribers(boolean sharded, String channel) {
			return this.cluster.subscribers(sharded, channel);
		}

		@Override
		String uri() {
			return this.cluster.uris().get(0);
		}

		@Override
		public void close() {
			try {
				this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
			finally {
				this.cluster.close();
			}
		}

	}

}
