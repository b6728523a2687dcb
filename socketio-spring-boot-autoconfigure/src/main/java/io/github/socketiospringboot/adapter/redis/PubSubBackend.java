package io.github.socketiospringboot.adapter.redis;

import java.util.concurrent.CompletableFuture;

import reactor.core.publisher.Mono;

/**
 * Where a {@link LettucePubSubTransport} subscribes, publishes and counts: one standalone
 * Redis (or the master Sentinel names), or the nodes of a Redis Cluster. The channels and
 * patterns wanted are the transport's {@link WantedSubscriptions}; a backend places them
 * and keeps them placed across reconnections and failovers.
 */
sealed interface PubSubBackend permits StandalonePubSub, ClusterPubSub {

	/**
	 * Subscribes where needed to a channel just added to the wanted ones.
	 * @param channel the channel
	 * @return completes when Redis confirmed it, or at once when it cannot be sent now
	 * (it is sent once Redis is back)
	 */
	Mono<Void> subscribe(String channel);

	/**
	 * Unsubscribes from a channel just removed from the wanted ones.
	 * @param channel the channel
	 * @return completes when Redis confirmed it, or at once
	 */
	Mono<Void> unsubscribe(String channel);

	/**
	 * Subscribes to a pattern just added to the wanted ones (classic pub/sub only).
	 * @param pattern the pattern
	 * @return completes when Redis confirmed it, or at once
	 */
	Mono<Void> psubscribe(String pattern);

	/**
	 * Unsubscribes from a pattern just removed from the wanted ones.
	 * @param pattern the pattern
	 * @return completes when Redis confirmed it, or at once
	 */
	Mono<Void> punsubscribe(String pattern);

	/**
	 * Publishes a message.
	 * @param channel the channel
	 * @param payload the bytes
	 * @return completes when Redis took it (the command is sent at once)
	 * @throws RedisUnavailableException at once when the node it needs is known to be
	 * unreachable
	 */
	Mono<Void> publish(String channel, byte[] payload);

	/**
	 * Counts the connections subscribed to a channel, where the reference counts them.
	 * @param channel the channel
	 * @return the count; fails with a {@link RedisUnavailableException} when a node it
	 * needs cannot be reached
	 */
	Mono<Integer> subscriberCount(String channel);

	/**
	 * Tells whether every connection this backend needs is open now.
	 * @return whether Redis is reachable
	 */
	boolean isConnected();

	/**
	 * Closes the connections.
	 * @return completes when they are closed
	 */
	CompletableFuture<Void> close();

}
