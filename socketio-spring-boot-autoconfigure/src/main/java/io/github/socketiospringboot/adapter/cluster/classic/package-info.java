/**
 * The classic protocol of the official Node Redis adapter ({@code createAdapter} of
 * {@code @socket.io/redis-adapter} 8.3) and of {@code @socket.io/redis-emitter}: msgpack
 * broadcasts on per-namespace and per-room channels, requests and responses of types 0 to
 * 9 on request and response channels, server count by subscriber count. The flows are
 * {@link io.github.socketiospringboot.adapter.cluster.ClusterAdapter}'s.
 */
@NullMarked
package io.github.socketiospringboot.adapter.cluster.classic;

import org.jspecify.annotations.NullMarked;
