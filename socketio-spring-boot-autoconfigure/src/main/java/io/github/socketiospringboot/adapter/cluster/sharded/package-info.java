/**
 * The ClusterAdapter protocol of {@code socket.io-adapter} as the official Node sharded
 * Redis adapter ({@code createShardedAdapter} of {@code @socket.io/redis-adapter} 8.3)
 * runs it on Redis 7 sharded pub/sub: envelopes <code>{type, data, uid, nsp}</code> of
 * types 3 to 12, JSON unless binary, on main, private and room channels. The flows are
 * {@link io.github.socketiospringboot.adapter.cluster.ClusterAdapter}'s.
 */
@NullMarked
package io.github.socketiospringboot.adapter.cluster.sharded;

import org.jspecify.annotations.NullMarked;
