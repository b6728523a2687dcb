package io.github.socketiospringboot.server;

/**
 * Handles one event name on a socket. Called on an I/O thread, in the order the client
 * sent its packets; must not block.
 */
@FunctionalInterface
public interface EventHandler {

	/**
	 * Handles an event.
	 * @param event the event
	 */
	void onEvent(SocketEvent event);

}
