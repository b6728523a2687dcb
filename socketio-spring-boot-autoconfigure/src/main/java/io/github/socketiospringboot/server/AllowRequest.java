package io.github.socketiospringboot.server;

import io.github.socketiospringboot.broadcast.Handshake;
import reactor.core.publisher.Mono;

/**
 * Decides whether a request may open a connection, before the Engine.IO handshake (the
 * reference server's {@code allowRequest}). With the Spring Boot auto-configuration, a
 * bean of this type is used.
 *
 * <p>
 * A refusal is answered with HTTP 403 and {@code {"code":4,"message":"Forbidden"}}; to
 * refuse with another message, signal a {@link ConnectionRefusedException} (its data is
 * not sent: the client has no namespace yet).
 */
@FunctionalInterface
public interface AllowRequest {

	/** Accepts every request. */
	AllowRequest ALLOW_ALL = (request) -> Mono.just(true);

	/**
	 * Decides on one handshake request. Must not block.
	 * @param request the request, as a handshake whose {@link Handshake#auth() auth} is
	 * empty: no namespace was asked for yet
	 * @return {@code true} to accept, {@code false} or a
	 * {@link ConnectionRefusedException} to refuse
	 */
	Mono<Boolean> allow(Handshake request);

}
