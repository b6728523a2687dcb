/**
 * Redis under the cluster adapters: thin publish/subscribe transports on the Lettuce
 * client that Spring Boot configures from {@code spring.data.redis.*} (a standalone
 * Redis, a master Sentinel names, or a Redis Cluster, whose connections follow its
 * failovers), the adapter factories built on them, and the protocol of the official Node
 * Redis Streams adapter ({@code @socket.io/redis-streams-adapter} 0.3, which only Redis
 * can carry): broadcasts, joins, leaves and disconnections as entries of a Redis stream
 * (which also keeps them for connection state recovery), requests and answers as msgpack
 * envelopes on pub/sub, and the sessions of disconnected clients as Redis keys with their
 * expiry; its flows are
 * {@link io.github.socketiospringboot.adapter.cluster.ClusterAdapter}'s. The only package
 * that touches Spring Data Redis and Lettuce.
 */
@NullMarked
package io.github.socketiospringboot.adapter.redis;

import org.jspecify.annotations.NullMarked;
