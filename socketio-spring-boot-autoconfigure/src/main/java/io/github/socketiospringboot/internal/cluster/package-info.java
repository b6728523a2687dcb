/**
 * Internal: what the wire protocols under {@code adapter.cluster} share (the JSON and
 * notepack msgpack codec, broadcast packets and options as the Node adapters write them,
 * the ClusterAdapter protocol's messages and ids). Not an API: it may change in any
 * release. Adapter authors extend
 * {@link io.github.socketiospringboot.adapter.cluster.ClusterAdapter} instead.
 */
@NullMarked
package io.github.socketiospringboot.internal.cluster;

import org.jspecify.annotations.NullMarked;
