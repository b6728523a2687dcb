package io.github.socketiospringboot.adapter.cluster;

import reactor.core.publisher.Mono;

/**
 * A publish/subscribe bus the cluster adapters of one server share, one subscribing
 * connection for all its namespaces: Redis {@code PUBLISH}/{@code SUBSCRIBE} for the
 * classic protocol, {@code SPUBLISH}/{@code SSUBSCRIBE} for the sharded one.
 *
 * <p>
 * A transport keeps its subscriptions across reconnections. While it cannot reach the bus
 * it fails publications and counts at once rather than queueing them. No method blocks.
 */
public interface PubSubTransport {

	/**
	 * Subscribes to a channel; its messages go to the listener, which replaces any
	 * previous listener of that channel.
	 * @param channel the channel
	 * @param listener the listener
	 * @return completes when the bus confirmed the subscription
	 */
	Mono<Void> subscribe(String channel, MessageListener listener);

	/**
	 * Ends a subscription.
	 * @param channel the channel
	 * @return completes when the bus confirmed it
	 */
	Mono<Void> unsubscribe(String channel);

	/**
	 * Subscribes to every channel matching a glob-style pattern.
	 * @param pattern the pattern
	 * @param listener the listener, told the channel of each message
	 * @return completes when the bus confirmed the subscription; fails with
	 * {@link UnsupportedOperationException} on a bus without patterns
	 */
	Mono<Void> psubscribe(String pattern, MessageListener listener);

	/**
	 * Ends a pattern subscription.
	 * @param pattern the pattern
	 * @return completes when the bus confirmed it
	 */
	Mono<Void> punsubscribe(String pattern);

	/**
	 * Publishes a message.
	 * @param channel the channel
	 * @param payload the bytes
	 * @return completes when the bus took the message; fails at once while the bus is
	 * unreachable
	 */
	Mono<Void> publish(String channel, byte[] payload);

	/**
	 * Counts the connections subscribed to a channel ({@code PUBSUB NUMSUB} or
	 * {@code PUBSUB SHARDNUMSUB}), this server's included.
	 * @param channel the channel
	 * @return the count
	 */
	Mono<Integer> subscriberCount(String channel);

	/**
	 * Receives the messages of a channel or channel pattern a {@link PubSubTransport}
	 * subscribed to. Called on the transport's I/O thread, one message at a time per
	 * transport; must not block.
	 */
	@FunctionalInterface
	public interface MessageListener {

		/**
		 * Called for each message.
		 * @param channel the channel it was published on
		 * @param payload its bytes, owned by the listener
		 */
		void onMessage(String channel, byte[] payload);

	}

}
