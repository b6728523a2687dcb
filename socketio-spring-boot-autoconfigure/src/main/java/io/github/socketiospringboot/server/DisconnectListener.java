package io.github.socketiospringboot.server;

/**
 * Told that a socket is leaving ({@code disconnecting}: its rooms are still readable) or
 * has left ({@code disconnect}) its namespace.
 */
@FunctionalInterface
public interface DisconnectListener {

	/**
	 * Called once per socket.
	 * @param socket the socket
	 * @param reason why it left
	 */
	void onDisconnect(SocketIOSocket socket, DisconnectReason reason);

}
