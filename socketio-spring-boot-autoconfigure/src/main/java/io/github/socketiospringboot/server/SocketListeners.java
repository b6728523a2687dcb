package io.github.socketiospringboot.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.github.socketiospringboot.broadcast.Args;
import io.github.socketiospringboot.internal.protocol.Packet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The listeners of one socket, and what they hear: an immutable snapshot that each
 * registration replaces with a changed copy (under the socket's monitor), so that
 * dispatching reads one field and takes no lock. Every socket without listeners of its
 * own shares {@link #NONE}: an idle socket holds no collection.
 */
final class SocketListeners {

	// the socket's category, where applications already set the level of these lines
	private static final Log logger = LogFactory.getLog(DefaultSocket.class);

	static final SocketListeners NONE = new SocketListeners(Map.of(), List.of(), List.of(), List.of(), List.of(),
			List.of(), List.of());

	private final Map<String, List<EventHandler>> handlers;

	private final List<AnyListener> any;

	private final List<AnyListener> outgoing;

	private final List<PacketMiddleware> middlewares;

	private final List<DisconnectListener> disconnecting;

	private final List<DisconnectListener> disconnected;

	private final List<Consumer<Throwable>> errors;

	private SocketListeners(Map<String, List<EventHandler>> handlers, List<AnyListener> any, List<AnyListener> outgoing,
			List<PacketMiddleware> middlewares, List<DisconnectListener> disconnecting,
			List<DisconnectListener> disconnected, List<Consumer<Throwable>> errors) {
		this.handlers = handlers;
		this.any = any;
		this.outgoing = outgoing;
		this.middlewares = middlewares;
		this.disconnecting = disconnecting;
		this.disconnected = disconnected;
		this.errors = errors;
	}

	// ---- registration: each returns the changed copy

	SocketListeners on(String event, EventHandler handler) {
		Map<String, List<EventHandler>> copy = new HashMap<>(this.handlers);
		copy.put(event, appended(copy.getOrDefault(event, List.of()), handler, false));
		return withHandlers(Map.copyOf(copy));
	}

	SocketListeners off(String event) {
		Map<String, List<EventHandler>> copy = new HashMap<>(this.handlers);
		copy.remove(event);
		return withHandlers(Map.copyOf(copy));
	}

	SocketListeners onAny(AnyListener listener, boolean first) {
		return withAny(appended(this.any, listener, first));
	}

	SocketListeners offAny(@Nullable AnyListener listener) {
		return withAny((listener != null) ? without(this.any, listener) : List.of());
	}

	SocketListeners onAnyOutgoing(AnyListener listener, boolean first) {
		return withOutgoing(appended(this.outgoing, listener, first));
	}

	SocketListeners offAnyOutgoing(@Nullable AnyListener listener) {
		return withOutgoing((listener != null) ? without(this.outgoing, listener) : List.of());
	}

	SocketListeners use(PacketMiddleware middleware) {
		return new SocketListeners(this.handlers, this.any, this.outgoing,
				appended(this.middlewares, middleware, false), this.disconnecting, this.disconnected, this.errors);
	}

	SocketListeners onDisconnecting(DisconnectListener listener) {
		return new SocketListeners(this.handlers, this.any, this.outgoing, this.middlewares,
				appended(this.disconnecting, listener, false), this.disconnected, this.errors);
	}

	SocketListeners onDisconnect(DisconnectListener listener) {
		return new SocketListeners(this.handlers, this.any, this.outgoing, this.middlewares, this.disconnecting,
				appended(this.disconnected, listener, false), this.errors);
	}

	SocketListeners onError(Consumer<Throwable> listener) {
		return new SocketListeners(this.handlers, this.any, this.outgoing, this.middlewares, this.disconnecting,
				this.disconnected, appended(this.errors, listener, false));
	}

	private SocketListeners withHandlers(Map<String, List<EventHandler>> handlers) {
		return new SocketListeners(handlers, this.any, this.outgoing, this.middlewares, this.disconnecting,
				this.disconnected, this.errors);
	}

	private SocketListeners withAny(List<AnyListener> any) {
		return new SocketListeners(this.handlers, any, this.outgoing, this.middlewares, this.disconnecting,
				this.disconnected, this.errors);
	}

	private SocketListeners withOutgoing(List<AnyListener> outgoing) {
		return new SocketListeners(this.handlers, this.any, outgoing, this.middlewares, this.disconnecting,
				this.disconnected, this.errors);
	}

	private static <T> List<T> appended(List<T> list, T item, boolean first) {
		List<T> copy = new ArrayList<>(list.size() + 1);
		if (first) {
			copy.add(item);
		}
		copy.addAll(list);
		if (!first) {
			copy.add(item);
		}
		return List.copyOf(copy);
	}

	private static <T> List<T> without(List<T> list, T item) {
		List<T> copy = new ArrayList<>(list);
		copy.remove(item);
		return List.copyOf(copy);
	}

	// ---- what the listeners hear

	/**
	 * Tells whether outgoing listeners must hear of what the socket is sent, before the
	 * call that sends it returns.
	 */
	boolean hearsOutgoing() {
		return !this.outgoing.isEmpty();
	}

	/**
	 * Tells the outgoing listeners of an event sent to the socket.
	 */
	void onOutgoing(DefaultSocket socket, String event, @Nullable Object[] args) {
		if (this.outgoing.isEmpty()) {
			return;
		}
		ArrayNode array = socket.mapper().valueToTree(Arrays.asList(args));
		Args view = new Args(array, 0, socket.mapper());
		for (AnyListener listener : this.outgoing) {
			try {
				listener.onAny(event, view);
			}
			catch (RuntimeException ex) {
				logger.error("Outgoing listener of socket " + socket.id() + " failed", ex);
			}
		}
	}

	/**
	 * Hands an event the client sent to the any-listeners, then through the middlewares
	 * to the handlers of the socket and of its namespace, as the socket's listeners are
	 * when the middlewares let it through.
	 */
	void onEvent(DefaultSocket socket, Packet packet) {
		ArrayNode array = (ArrayNode) packet.data();
		JsonNode nameNode = array.get(0);
		String name = nameNode.isString() ? nameNode.stringValue() : nameNode.asString();
		DefaultSocketEvent event = new DefaultSocketEvent(socket, name, new Args(array, 1, socket.mapper()),
				packet.ackId());
		for (AnyListener listener : this.any) {
			try {
				listener.onAny(name, event.args());
			}
			catch (RuntimeException ex) {
				logger.error("Any-listener of socket " + socket.id() + " failed", ex);
			}
		}
		if (this.middlewares.isEmpty()) {
			dispatch(socket, event);
			return;
		}
		Flux.fromIterable(this.middlewares)
			.concatMap((middleware) -> Mono.defer(() -> middleware.handle(event)))
			.then()
			.subscribe(null, (error) -> socket.listeners().onError(socket, error),
					() -> socket.listeners().dispatch(socket, event));
	}

	private void dispatch(DefaultSocket socket, DefaultSocketEvent event) {
		if (!socket.connected()) {
			return;
		}
		invoke(socket, this.handlers.get(event.name()), event);
		invoke(socket, socket.namespace().eventHandlers(event.name()), event);
	}

	private static void invoke(DefaultSocket socket, @Nullable List<EventHandler> eventHandlers,
			DefaultSocketEvent event) {
		if (eventHandlers == null) {
			return;
		}
		for (EventHandler handler : eventHandlers) {
			try {
				handler.onEvent(event);
			}
			catch (RuntimeException ex) {
				logger.error("Handler of event \"" + event.name() + "\" on socket " + socket.id() + " failed", ex);
				// a server bug: the client is told no more than that, and does not wait
				// forever
				event.ack(SocketEvent.INTERNAL_ERROR);
			}
		}
	}

	private void onError(DefaultSocket socket, Throwable error) {
		if (this.errors.isEmpty()) {
			logger.debug("Packet middleware of socket " + socket.id() + " refused an event", error);
			return;
		}
		for (Consumer<Throwable> listener : this.errors) {
			try {
				listener.accept(error);
			}
			catch (RuntimeException ex) {
				logger.error("Error listener of socket " + socket.id() + " failed", ex);
			}
		}
	}

	/**
	 * Tells the disconnecting listeners that the socket is leaving, while it still is in
	 * its rooms and can send.
	 */
	void onDisconnecting(DefaultSocket socket, DisconnectReason reason) {
		notify(socket, this.disconnecting, reason);
	}

	/**
	 * Tells the disconnect listeners, then the namespace's, that the socket has left.
	 */
	void onDisconnected(DefaultSocket socket, DisconnectReason reason) {
		notify(socket, this.disconnected, reason);
		notify(socket, socket.namespace().disconnectListeners(), reason);
	}

	private static void notify(DefaultSocket socket, List<DisconnectListener> listeners, DisconnectReason reason) {
		for (DisconnectListener listener : listeners) {
			try {
				listener.onDisconnect(socket, reason);
			}
			catch (RuntimeException ex) {
				logger.error("Disconnect listener of socket " + socket.id() + " failed", ex);
			}
		}
	}

}
