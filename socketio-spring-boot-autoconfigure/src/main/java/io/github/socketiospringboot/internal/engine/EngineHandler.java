package io.github.socketiospringboot.internal.engine;

/**
 * The layer above the engine (the Socket.IO server, or an echo for conformance tests):
 * told of each new session, it returns the listener that will receive the session's
 * messages.
 */
@FunctionalInterface
public interface EngineHandler {

	/**
	 * Called once per session, right after the open packet has been sent. Must not block.
	 * @param socket the new session
	 * @return the listener for the session's messages and its end
	 */
	EngineSocketListener onOpen(EngineSocket socket);

}
