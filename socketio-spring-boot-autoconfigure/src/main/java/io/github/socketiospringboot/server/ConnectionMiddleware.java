package io.github.socketiospringboot.server;

import reactor.core.publisher.Mono;

/**
 * Runs before a socket joins a namespace, for example to check its auth payload.
 * Completing lets the socket in; an error refuses it with a CONNECT_ERROR packet carrying
 * the error's message, and the data of a {@link ConnectionRefusedException}.
 *
 * <pre class="code">
 * server.use((socket) -&gt; isValid(socket.handshake().auth()) ? Mono.empty()
 *         : Mono.error(new ConnectionRefusedException("not authorized", Map.of("retry", false))));
 * </pre>
 */
@FunctionalInterface
public interface ConnectionMiddleware {

	/**
	 * Decides on a socket that wants to join the namespace. Must not block.
	 * @param socket the socket, not connected yet
	 * @return completes to accept, errors to refuse
	 */
	Mono<Void> handle(SocketIOSocket socket);

}
