package io.github.socketiospringboot.server;

/**
 * Told of each socket that joined a namespace, after the client was told it is connected.
 * Must not block.
 *
 * <pre class="code">
 * server.onConnection((socket) -&gt; {
 *     socket.join("lobby");
 *     socket.on("hello", (event) -&gt; socket.broadcast().emit("hello", event.args().get(0)));
 * });
 * </pre>
 */
@FunctionalInterface
public interface ConnectionHandler {

	/**
	 * Called once per socket.
	 * @param socket the new socket
	 */
	void onConnection(SocketIOSocket socket);

}
