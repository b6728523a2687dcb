package io.github.socketiospringboot.tests.app;

import java.util.Map;

import io.github.socketiospringboot.annotation.SocketIOControllerAdvice;
import io.github.socketiospringboot.annotation.SocketIOExceptionHandler;
import io.github.socketiospringboot.server.SocketEvent;

/**
 * Exception handlers for every controller: one the errors controller overrides, one for
 * failures nobody handles locally.
 */
@SocketIOControllerAdvice
public class ErrorsAdvice {

	@SocketIOExceptionHandler
	Map<String, Object> onIllegalArgument(IllegalArgumentException ex) {
		return Map.of("handledBy", "advice", "message", ex.getMessage());
	}

	@SocketIOExceptionHandler(IllegalStateException.class)
	Map<String, Object> onIllegalState(Throwable ex, SocketEvent event) {
		return Map.of("handledBy", "advice", "message", ex.getMessage(), "event", event.name(), "namespace",
				event.socket().namespace().name());
	}

}
