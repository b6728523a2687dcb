package io.github.socketiospringboot.annotation;

import java.util.Map;

import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.SocketEvent;
import io.github.socketiospringboot.server.SocketIOSocket;
import org.jspecify.annotations.Nullable;

/**
 * One call of a handler method, as a {@link SocketIOArgumentResolver} sees it: the
 * socket, and the event, the disconnect reason or the exception the method is called for.
 *
 * <p>
 * The framework implements it; tests of a resolver may implement it too.
 */
public interface SocketIOInvocation {

	/**
	 * Returns the socket the method is called for.
	 * @return the socket
	 */
	SocketIOSocket socket();

	/**
	 * Returns the event being handled: set for {@link OnEvent} methods and for the
	 * exception handlers of their failures.
	 * @return the event, or {@code null} outside an event
	 */
	@Nullable SocketEvent event();

	/**
	 * Returns why the socket disconnected: set for {@link OnDisconnect} methods and for
	 * the exception handlers of their failures.
	 * @return the reason, or {@code null} outside a disconnection
	 */
	@Nullable DisconnectReason reason();

	/**
	 * Returns the exception being handled: set for {@link SocketIOExceptionHandler}
	 * methods only.
	 * @return the exception, or {@code null} outside an exception handler
	 */
	@Nullable Throwable error();

	/**
	 * Returns the variables of the namespace template, such as {@code id} for a socket of
	 * {@code "/workspace-42"} served by {@code "/workspace-{id}"}, or the named groups of
	 * the expression of a parent namespace; what {@link NamespaceVariable} parameters
	 * read, before conversion.
	 * @return the variables by name, empty for a static namespace
	 */
	Map<String, String> namespaceVariables();

}
