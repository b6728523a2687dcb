/**
 * What the cluster adapters share: the publish/subscribe transport they run on, the JSON
 * and msgpack payload codec, broadcast packets and options as the Node adapters write
 * them, and the bookkeeping of requests awaiting other servers' answers. The two wire
 * protocols live in {@code classic} and {@code sharded}; Redis is a transport under them
 * ({@code io.github.socketiospringboot.adapter.redis}).
 */
@NullMarked
package io.github.socketiospringboot.adapter.cluster;

import org.jspecify.annotations.NullMarked;
