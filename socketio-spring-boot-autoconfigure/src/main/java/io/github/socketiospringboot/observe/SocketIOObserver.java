package io.github.socketiospringboot.observe;

import java.time.Duration;

import io.github.socketiospringboot.adapter.cluster.ClusterObserver;
import io.github.socketiospringboot.server.DisconnectReason;
import io.github.socketiospringboot.server.Namespace;
import io.github.socketiospringboot.server.SocketIOOptions.Transport;
import io.github.socketiospringboot.server.SocketIOSocket;

/**
 * Hears what happens in a {@link io.github.socketiospringboot.server.SocketIOServer}: its
 * connections, sockets, events, broadcasts and acknowledgement collections, and (as a
 * {@link ClusterObserver}) the traffic of its cluster adapters. Registered with
 * {@link io.github.socketiospringboot.server.SocketIOServer#addObserver}, before the
 * server takes connections; the Spring Boot auto-configuration registers every bean of
 * this type.
 *
 * <p>
 * Cost: with no observer registered the server checks one field where it would call one,
 * and computes nothing for it. An observer is told once per occurrence, never once per
 * recipient: a broadcast is one {@link #onBroadcast} and one {@link #onEventsSent} with
 * its recipient count. No method carries an event's arguments. An observer that wants
 * them (the Admin UI in development mode) registers {@link SocketIOSocket#onAny} and
 * {@link SocketIOSocket#onAnyOutgoing} on the sockets it is told of in
 * {@link #onSocketConnected}, so only those sockets pay for them; the room changes of a
 * namespace come from {@link Namespace#onRoomEvent}, registered in
 * {@link #onNamespaceCreated}.
 *
 * <p>
 * Threading: called on whichever thread the occurrence happened (an event loop, an
 * application thread, the server's timer), possibly concurrently and possibly with a lock
 * of the server held; must be fast and must not block. An exception thrown by an observer
 * reaches the code that caused the occurrence: an observer catches its own. Every method
 * does nothing by default.
 */
public interface SocketIOObserver extends ClusterObserver {

	/** Observes nothing: what a server without observers holds. */
	SocketIOObserver NONE = new SocketIOObserver() {
	};

	// ---- namespaces

	/**
	 * Called when a namespace is created (a dynamic namespace's child included; the
	 * parents themselves are not namespaces clients join and are not reported), or, for
	 * the namespaces existing when the observer is added, at once on registration.
	 * @param namespace the namespace
	 */
	default void onNamespaceCreated(Namespace namespace) {
	}

	/**
	 * Called when an empty child of a dynamic namespace is removed.
	 * @param namespace the namespace
	 */
	default void onNamespaceRemoved(Namespace namespace) {
	}

	// ---- Engine.IO connections

	/**
	 * Called when an Engine.IO connection opens.
	 * @param connection the connection
	 * @param transport its first transport
	 */
	default void onConnectionOpened(Connection connection, Transport transport) {
	}

	/**
	 * Called when a connection completed its upgrade from long-polling to WebSocket.
	 * @param connection the connection
	 * @param from the transport it left
	 * @param to the transport it uses now
	 */
	default void onConnectionUpgraded(Connection connection, Transport from, Transport to) {
	}

	/**
	 * Called once when a connection closes, after its sockets were disconnected.
	 * @param connection the connection
	 * @param transport the transport it used last
	 * @param reason why it closed: one of the reasons a connection's end gives its
	 * sockets ({@link DisconnectReason#TRANSPORT_CLOSE},
	 * {@link DisconnectReason#TRANSPORT_ERROR}, {@link DisconnectReason#PING_TIMEOUT},
	 * {@link DisconnectReason#PARSE_ERROR}, {@link DisconnectReason#FORCED_CLOSE},
	 * {@link DisconnectReason#SERVER_SHUTTING_DOWN})
	 */
	default void onConnectionClosed(Connection connection, Transport transport, DisconnectReason reason) {
	}

	/**
	 * Called when a connection went past the write-buffer limit
	 * ({@code socketio.write-buffer.limit}): its client does not read what it is sent.
	 * Called again only after it came back under the limit.
	 * @param connection the connection
	 */
	default void onWriteCongested(Connection connection) {
	}

	/**
	 * Called when a connection is closed because its client did not read what it was sent
	 * (past the write-buffer maximum, or congested for longer than the timeout), before
	 * {@link #onConnectionClosed}.
	 * @param connection the connection
	 */
	default void onWriteBufferClose(Connection connection) {
	}

	// ---- sockets

	/**
	 * Called when a socket has joined its namespace, after its CONNECT packet was sent
	 * and before the namespace's connection handlers run.
	 * @param socket the socket
	 * @param connection its connection
	 * @param recovered whether the socket's state was recovered from a previous
	 * connection
	 */
	default void onSocketConnected(SocketIOSocket socket, Connection connection, boolean recovered) {
	}

	/**
	 * Called once when a socket has left its namespace, after its disconnect listeners.
	 * @param socket the socket
	 * @param reason why it left
	 */
	default void onSocketDisconnected(SocketIOSocket socket, DisconnectReason reason) {
	}

	// ---- events

	/**
	 * Called when a socket received an event from its client, before any listener hears
	 * of it.
	 * @param socket the socket
	 * @param event the event name
	 * @param bytes the size of the messages that carried it, attachments included
	 */
	default void onEventReceived(SocketIOSocket socket, String event, long bytes) {
	}

	/**
	 * Called once per event this server sent: a socket's own emit (one recipient), or
	 * this server's share of a broadcast (its local recipients, also told to
	 * {@link #onBroadcast}).
	 * @param namespace the namespace
	 * @param event the event name
	 * @param recipients how many sockets it was sent to
	 * @param bytes the bytes written for it: recipients times the packet's size
	 */
	default void onEventsSent(Namespace namespace, String event, int recipients, long bytes) {
	}

	/**
	 * Called once per broadcast this server delivered to its own sockets: one it made, or
	 * one another server of the cluster sent through the adapter.
	 * @param namespace the namespace
	 * @param event the event name
	 * @param recipients how many of this server's sockets it was sent to
	 */
	default void onBroadcast(Namespace namespace, String event, int recipients) {
	}

	/**
	 * Called when the collection of a broadcast's acknowledgements ended, with every
	 * answer or on timeout (not when its subscriber cancelled it).
	 * @param namespace the namespace
	 * @param duration how long it took
	 * @param complete {@code true} when every recipient answered, {@code false} on
	 * timeout
	 * @param missing how many recipients did not answer
	 */
	default void onAckCollection(Namespace namespace, Duration duration, boolean complete, int missing) {
	}

	/**
	 * An Engine.IO connection as observers see it: the client's one connection, which
	 * carries its sockets, one per namespace. A live view: {@link #transport()} answers
	 * the transport in use when it is called.
	 */
	interface Connection {

		/**
		 * Returns the connection's Engine.IO session id ({@code sid}).
		 * @return the id
		 */
		String id();

		/**
		 * Returns the transport the connection uses now.
		 * @return the transport
		 */
		Transport transport();

	}

}
