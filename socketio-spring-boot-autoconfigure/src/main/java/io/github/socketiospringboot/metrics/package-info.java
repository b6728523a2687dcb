/**
 * The Micrometer binding of the server: {@link SocketIOMetrics}, an observer that keeps
 * the {@code socketio.*} meters.
 */
@NullMarked
package io.github.socketiospringboot.metrics;

import org.jspecify.annotations.NullMarked;
