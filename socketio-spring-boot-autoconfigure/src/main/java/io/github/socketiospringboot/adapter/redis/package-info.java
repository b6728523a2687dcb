/**
 * Redis under the cluster adapters: thin publish/subscribe transports on the Lettuce
 * client that Spring Boot configures from {@code spring.data.redis.*} (a standalone
 * Redis, a master Sentinel names, or a Redis Cluster, whose connections follow its
 * failovers), and the adapter factories built on them. The only package that touches
 * Spring Data Redis and Lettuce.
 */
@NullMarked
package io.github.socketiospringboot.adapter.redis;

import org.jspecify.annotations.NullMarked;
