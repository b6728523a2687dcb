/**
 * Internal: the long-polling and WebSocket transports over Reactor Netty. Not an API: it
 * may change in any release.
 */
@NullMarked
package io.github.socketiospringboot.internal.engine.transport;

import org.jspecify.annotations.NullMarked;
