package io.github.socketiospringboot.internal.engine;

import reactor.core.publisher.Mono;

/**
 * Decides whether a request may open an Engine.IO session, before the handshake.
 *
 * <p>
 * A refusal is answered with HTTP 403 and {@code {"code":4,"message":"Forbidden"}}; to
 * refuse with another message, signal {@link RequestRefusedException}.
 */
@FunctionalInterface
public interface AllowRequest {

	/** Accepts every request. */
	AllowRequest ALLOW_ALL = (request) -> Mono.just(true);

	/**
	 * Decides on one handshake request. Must not block.
	 * @param request the handshake request
	 * @return {@code true} to accept, {@code false} or a {@link RequestRefusedException}
	 * to refuse
	 */
	Mono<Boolean> allow(EngineRequest request);

}
