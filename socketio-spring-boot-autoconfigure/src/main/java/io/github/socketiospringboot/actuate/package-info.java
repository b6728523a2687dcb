/**
 * Spring Boot Actuator support: the {@code socketio} endpoint ({@link SocketIOEndpoint})
 * and health contributor ({@link SocketIOHealthIndicator}).
 */
@NullMarked
package io.github.socketiospringboot.actuate;

import org.jspecify.annotations.NullMarked;
