package io.github.socketiospringboot.server;

/**
 * Handles one event name on a socket. Called on an I/O thread, in the order the client
 * sent its packets; must not block. A handler that throws is logged at ERROR with the
 * stack trace, and the client's acknowledgement request, if it made one and the handler
 * had not answered it, is answered with {@link SocketEvent#INTERNAL_ERROR}.
 */
@FunctionalInterface
public interface EventHandler {

	/**
	 * Handles an event.
	 * @param event the event
	 */
	void onEvent(SocketEvent event);

}
