/**
 * Instrumentation hooks of the server: the {@link SocketIOObserver} that metrics, the
 * Admin UI or an application register on a {@code SocketIOServer} to hear of connections,
 * sockets, events, broadcasts and acknowledgement collections, once per occurrence and
 * never once per recipient.
 */
@NullMarked
package io.github.socketiospringboot.observe;

import org.jspecify.annotations.NullMarked;
