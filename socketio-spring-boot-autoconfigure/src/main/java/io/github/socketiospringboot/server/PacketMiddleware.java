package io.github.socketiospringboot.server;

import reactor.core.publisher.Mono;

/**
 * Runs for each event a socket receives, before its handlers. An error stops the event
 * and goes to the socket's error listeners; the client is told nothing.
 */
@FunctionalInterface
public interface PacketMiddleware {

	/**
	 * Inspects an incoming event. Must not block.
	 * @param event the event
	 * @return completes to let the event through, errors to stop it
	 */
	Mono<Void> handle(SocketEvent event);

}
