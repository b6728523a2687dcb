/**
 * The ClusterAdapter protocol of {@code socket.io-adapter} as the official Node Redis
 * Streams adapter ({@code @socket.io/redis-streams-adapter} 0.3) runs it: broadcasts,
 * joins, leaves and disconnections as entries of a Redis stream (which also keeps them
 * for connection state recovery), requests and answers as msgpack envelopes on pub/sub,
 * and the sessions of disconnected clients as Redis keys with their expiry. The flows are
 * {@link io.github.socketiospringboot.adapter.cluster.ClusterAdapter}'s.
 */
@NullMarked
package io.github.socketiospringboot.adapter.cluster.streams;

import org.jspecify.annotations.NullMarked;
