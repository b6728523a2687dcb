package io.github.socketiospringboot.server;

import java.util.Map;

import io.github.socketiospringboot.broadcast.Args;

/**
 * An event received from a client: the socket, the event name, its arguments, and the
 * acknowledgement the client may have asked for.
 *
 * <pre class="code">
 * socket.on("chat", (event) -&gt; {
 *     Message message = event.args().get(0, Message.class);
 *     socket.broadcast().emit("chat", message);
 *     event.ack("delivered");
 * });
 * </pre>
 */
public interface SocketEvent {

	/**
	 * The answer, {@code {"error":"internal error"}}, to the acknowledgement request of
	 * an event whose handler threw (and, with annotated controllers, whose exception no
	 * {@code @SocketIOExceptionHandler} handled): the client does not wait forever and
	 * learns nothing of the failure, which the server logs at ERROR with its stack trace.
	 * Not sent when the handler had answered already.
	 */
	Map<String, String> INTERNAL_ERROR = Map.of("error", "internal error");

	/**
	 * Returns the socket the event came from.
	 * @return the socket
	 */
	SocketIOSocket socket();

	/**
	 * Returns the event name.
	 * @return the name
	 */
	String name();

	/**
	 * Returns the arguments.
	 * @return the arguments
	 */
	Args args();

	/**
	 * Tells whether the client asked for an acknowledgement.
	 * @return whether {@link #ack} sends anything
	 */
	boolean hasAck();

	/**
	 * Answers the client's acknowledgement request; does nothing when the client asked
	 * for none or when it was already answered. Arguments that the application's JSON
	 * mapper cannot write make it throw, and leave the request unanswered.
	 * @param args the answer's arguments
	 * @return {@code true} when this call sent the answer
	 */
	boolean ack(Object... args);

}
