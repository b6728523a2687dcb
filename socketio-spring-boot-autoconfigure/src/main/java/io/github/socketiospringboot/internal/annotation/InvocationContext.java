package io.github.socketiospringboot.internal.annotation;

import java.util.Map;

import io.github.socketiospringboot.annotation.SocketIOInvocation;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.SocketEvent;
import io.github.socketiospringboot.server.SocketIOSocket;
import org.jspecify.annotations.Nullable;

/**
 * What a handler method is called with: the socket, and the event, the disconnect reason
 * or the error being handled.
 *
 * @param socket the socket
 * @param event the event, for event handlers
 * @param reason the reason, for disconnect handlers
 * @param error the error, for exception handlers
 * @param namespaceVariables the variables of the namespace template
 */
record InvocationContext(SocketIOSocket socket, @Nullable SocketEvent event, @Nullable DisconnectReason reason,
		@Nullable Throwable error, Map<String, String> namespaceVariables) implements SocketIOInvocation {

	InvocationContext withError(Throwable error) {
		return new InvocationContext(this.socket, this.event, this.reason, error, this.namespaceVariables);
	}

}
