package io.github.socketiospringboot.autoconfigure;

import io.github.socketiospringboot.server.SocketIOServer;

/**
 * Customizes the auto-configured {@link SocketIOServer} before it serves any client:
 * middlewares, handlers, namespaces, room listeners.
 *
 * <pre class="code">
 * &#64;Bean
 * SocketIOServerCustomizer authentication() {
 *     return (io) -&gt; io.use((socket) -&gt; checkToken(socket.handshake().auth()));
 * }
 * </pre>
 */
@FunctionalInterface
public interface SocketIOServerCustomizer {

	/**
	 * Customizes the server.
	 * @param server the server
	 */
	void customize(SocketIOServer server);

}
