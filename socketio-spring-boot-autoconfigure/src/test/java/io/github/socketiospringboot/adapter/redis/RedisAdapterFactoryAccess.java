package io.github.socketiospringboot.adapter.redis;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * What tests of other packages read of a {@link RedisAdapterFactory}'s transport, which
 * is not public.
 */
public final class RedisAdapterFactoryAccess {

	private RedisAdapterFactoryAccess() {
	}

	/**
	 * Tells whether the factory's transport is connected to Redis.
	 * @param factory the factory
	 * @return whether it is connected
	 */
	public static boolean isConnected(RedisAdapterFactory factory) {
		return factory.transport().isConnected();
	}

	/**
	 * Returns the options of the factory's Redis Streams adapters.
	 * @param factory the factory
	 * @return the options, or {@code null} for the other protocols
	 */
	public static @Nullable StreamsOptions streamsOptions(RedisAdapterFactory factory) {
		return (factory.protocol() instanceof StreamsAdapterFactory streams && factory.streams() != null)
				? streams.options() : null;
	}

	/**
	 * Publishes through the factory's transport.
	 * @param factory the factory
	 * @param channel the channel
	 * @param payload the payload
	 * @return completes once published
	 */
	public static Mono<Void> publish(RedisAdapterFactory factory, String channel, byte[] payload) {
		return factory.transport().publish(channel, payload);
	}

}
