package io.github.socketiospringboot.adapter.redis;

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
