/**
 * The cluster protocol, written once: {@link ClusterAdapter}, the base of every adapter
 * whose servers share rooms and broadcasts through a bus, the {@link ClusterMessage}s
 * they exchange, the {@link ClusterObserver} that sees their traffic, and the
 * {@link PubSubTransport} SPI the Redis protocols run on. The two Node wire protocols
 * live in {@code classic} and {@code sharded}; Redis is a transport under them
 * ({@code io.github.socketiospringboot.adapter.redis}).
 */
@NullMarked
package io.github.socketiospringboot.adapter.cluster;

import org.jspecify.annotations.NullMarked;
