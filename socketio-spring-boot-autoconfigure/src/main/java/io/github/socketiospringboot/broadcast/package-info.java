/**
 * Emitting and broadcasting, below the server: the {@code Emitter} of one socket or many,
 * the {@code BroadcastOperator} that the server and each namespace are and that targets
 * rooms with flags, the acknowledgements ({@code Ack}, {@code Args},
 * {@code AckTimeoutException}), the sockets found on every server ({@code RemoteSocket},
 * with their {@code Handshake}), and, for application services,
 * {@code BroadcastOperations} and its {@code BroadcastTemplate}.
 */
@NullMarked
package io.github.socketiospringboot.broadcast;

import org.jspecify.annotations.NullMarked;
