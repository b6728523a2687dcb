package io.github.socketiospringboot.tests.app;

import java.util.Map;

import io.github.socketiospringboot.annotation.OnEvent;
import io.github.socketiospringboot.annotation.PayloadValidationException;
import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.annotation.SocketIOExceptionHandler;
import io.github.socketiospringboot.server.SocketIOSocket;
import io.github.socketiospringboot.tests.app.Payloads.Greeting;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

/**
 * Handlers that fail, with local exception handlers for some kinds of failure: one
 * answering, one for arguments the client got wrong, and one failing itself.
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

	@OnEvent("monoUnhandled")
	Mono<String> monoUnhandled(String text) {
		return Mono.error(new UnsupportedOperationException("nobody handles later " + text));
	}

	@OnEvent("handlerFails")
	String handlerFails(String text) {
		throw new ArithmeticException("its handler fails " + text);
	}

	@OnEvent("typed")
	String typed(Greeting greeting) {
		return greeting.name();
	}

	@OnEvent("ping")
	String ping() {
		return "pong";
	}

	@OnEvent("unencodable")
	Unencodable unencodable() {
		return new Unencodable();
	}

	@OnEvent("monoUnencodable")
	Mono<Unencodable> monoUnencodable() {
		return Mono.just(new Unencodable());
	}

	/**
	 * A result that the JSON mapper cannot write.
	 */
	public static final class Unencodable {

		public String getValue() {
			throw new UnsupportedOperationException("cannot be written");
		}

	}

	@SocketIOExceptionHandler
	Map<String, Object> onIllegalArgument(IllegalArgumentException ex, SocketIOSocket socket) {
		return Map.of("handledBy", "controller", "message", ex.getMessage(), "namespace", socket.namespace().name());
	}

	// the mapper's exception, the cause, is a parameter too
	@SocketIOExceptionHandler(PayloadValidationException.class)
	Map<String, Object> onInvalidPayload(PayloadValidationException ex, JacksonException cause) {
		return Map.of("handledBy", "controller", "violations", ex.getViolations(), "causeIsTheMappers",
				cause != null && ex.getCause() == cause);
	}

	@SocketIOExceptionHandler
	String onArithmetic(ArithmeticException ex) {
		throw new IllegalStateException("the exception handler fails too");
	}

}
