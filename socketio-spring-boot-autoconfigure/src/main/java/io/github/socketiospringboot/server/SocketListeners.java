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

	static final SocketListeners NONE = new SocketListeners(HandlerTable.EMPTY, List.of(), List.of(), List.of(),
			List.of(), List.of(), List.of());

	private final HandlerTable handlers;

	private final List<AnyListener> any;

	private final List<AnyListener> outgoing;

	private final List<PacketMiddleware> middlewares;

	private final List<DisconnectListener> disconnecting;

	private final List<DisconnectListener> disconnected;

	private final List<Consumer<Throwable>> errors;

	private SocketListeners(HandlerTable handlers, List<AnyListener> any, List<AnyListener> outgoing,
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
		return withHandlers(this.handlers.with(event, handler));
	}

	SocketListeners off(String event) {
		return withHandlers(this.handlers.without(event));
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

	private SocketListeners withHandlers(HandlerTable handlers) {
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
		EventHandler[] own = this.handlers.get(event.name());
		if (own != null) {
			for (EventHandler handler : own) {
				invoke(socket, handler, event);
			}
		}
		List<EventHandler> shared = socket.namespace().eventHandlers(event.name());
		if (shared != null) {
			for (EventHandler handler : shared) {
				invoke(socket, handler, event);
			}
		}
	}

	private static void invoke(DefaultSocket socket, EventHandler handler, DefaultSocketEvent event) {
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

	/**
	 * The event handlers of one socket by event name: an immutable table that a
	 * registration replaces with a copy. A socket has a handful of events, registered one
	 * by one as it connects, so the names and their handlers are two parallel arrays
	 * searched in order (no map built and copied per registration); past
	 * {@value #MAX_SCANNED} names a map is built once per copy for the lookups.
	 */
	static final class HandlerTable {

		static final int MAX_SCANNED = 8;

		static final HandlerTable EMPTY = new HandlerTable(new String[0], new EventHandler[0][]);

		private final String[] names;

		private final EventHandler[][] handlers;

		private final @Nullable Map<String, EventHandler[]> index;

		private HandlerTable(String[] names, EventHandler[][] handlers) {
			this.names = names;
			this.handlers = handlers;
			this.index = (names.length > MAX_SCANNED) ? indexOf(names, handlers) : null;
		}

		private static Map<String, EventHandler[]> indexOf(String[] names, EventHandler[][] handlers) {
			Map<String, EventHandler[]> index = new HashMap<>(names.length * 2);
			for (int i = 0; i < names.length; i++) {
				index.put(names[i], handlers[i]);
			}
			return index;
		}

		private int indexOf(String name) {
			for (int i = 0; i < this.names.length; i++) {
				if (this.names[i].equals(name)) {
					return i;
				}
			}
			return -1;
		}

		EventHandler @Nullable [] get(String name) {
			if (this.index != null) {
				return this.index.get(name);
			}
			int i = indexOf(name);
			return (i >= 0) ? this.handlers[i] : null;
		}

		HandlerTable with(String name, EventHandler handler) {
			int i = indexOf(name);
			if (i >= 0) {
				EventHandler[][] handlers = this.handlers.clone();
				handlers[i] = Arrays.copyOf(handlers[i], handlers[i].length + 1);
				handlers[i][handlers[i].length - 1] = handler;
				return new HandlerTable(this.names, handlers);
			}
			String[] names = Arrays.copyOf(this.names, this.names.length + 1);
			EventHandler[][] handlers = Arrays.copyOf(this.handlers, this.handlers.length + 1);
			names[names.length - 1] = name;
			handlers[handlers.length - 1] = new EventHandler[] { handler };
			return new HandlerTable(names, handlers);
		}

		HandlerTable without(String name) {
			int i = indexOf(name);
			if (i < 0) {
				return this;
			}
			String[] names = new String[this.names.length - 1];
			EventHandler[][] handlers = new EventHandler[this.handlers.length - 1][];
			System.arraycopy(this.names, 0, names, 0, i);
			System.arraycopy(this.names, i + 1, names, i, names.length - i);
			System.arraycopy(this.handlers, 0, handlers, 0, i);
			System.arraycopy(this.handlers, i + 1, handlers, i, handlers.length - i);
			return new HandlerTable(names, handlers);
		}

	}

}
