/**
 * The long-polling and WebSocket transports over Reactor Netty.
 */
@NullMarked
package io.github.socketiospringboot.internal.engine.transport;

import org.jspecify.annotations.NullMarked;
