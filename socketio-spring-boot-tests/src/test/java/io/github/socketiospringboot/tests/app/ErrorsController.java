package io.github.socketiospringboot.tests.app;

import java.util.Map;

import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.annotation.SocketIOExceptionHandler;
import io.github.socketiospringboot.server.SocketIOSocket;
import reactor.core.publisher.Mono;

/**
 * Handlers that fail, with a local exception handler for one kind of failure.
 */
@SocketIOController("/errors")
public class ErrorsController {

	@OnEvent("local")
	String local(String text) {
		throw new IllegalArgumentException("local " + text);
	}

	@OnEvent("advised")
	String advised(String text) {
		throw new IllegalStateException("advised " + text);
	}

	@OnEvent("monoAdvised")
	Mono<String> monoAdvised(String text) {
		return Mono.error(new IllegalStateException("later " + text));
	}

	@OnEvent("unhandled")
	String unhandled(String text) {
		throw new UnsupportedOperationException("nobody handles " + text);
	}

	@OnEvent("ping")
	String ping() {
		return "pong";
	}

	@SocketIOExceptionHandler
	Map<String, Object> onIllegalArgument(IllegalArgumentException ex, SocketIOSocket socket) {
		return Map.of("handledBy", "controller", "message", ex.getMessage(), "namespace", socket.namespace().name());
	}

}
