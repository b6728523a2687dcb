package io.github.socketiospringboot.server;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

import io.github.socketiospringboot.broadcast.Ack;
import io.github.socketiospringboot.broadcast.BroadcastOperator;
import io.github.socketiospringboot.broadcast.Emitter;
import io.github.socketiospringboot.broadcast.RemoteSocket;
import reactor.core.publisher.Mono;

/**
 * A client's connection to one namespace: what a Socket.IO user knows as {@code socket}.
 * Its methods are safe to call from any thread; events sent to it keep the order they
 * were sent in.
 *
 * <pre class="code">
 * server.onConnection((socket) -&gt; {
 *     socket.emit("hello", "world");                      // this client only
 *     socket.broadcast().emit("hello", "world");          // every client but this one
 *     socket.to("room123").emit("hello", "world");        // a room, but not this client
 *     socket.local().emit("hello", "world");              // this server's clients but this one
 *     socket.broadcast().timeout(Duration.ofSeconds(5))
 *         .emitWithAck("hello", "world")                  // Mono&lt;List&lt;Ack&gt;&gt;
 *         .subscribe((acks) -&gt; { }, (error) -&gt; { });
 * });
 * </pre>
 */
public interface SocketIOSocket extends RemoteSocket {

	/**
	 * Returns the namespace the socket belongs to.
	 * @return the namespace
	 */
	Namespace namespace();

	/**
	 * Returns the socket's data: free for the application, shared by its handlers.
	 * @return the data
	 */
	@Override
	ConcurrentMap<String, Object> data();

	/**
	 * Tells whether the socket was restored by connection state recovery: its client lost
	 * its connection and came back in time, and the socket has the id, rooms and data it
	 * had, and was sent the packets its client missed. A handler of the connection can
	 * then skip what it did the first time (joining rooms, sending a welcome).
	 * @return whether the socket was recovered; always {@code false} when recovery is not
	 * enabled or the adapter does not restore sessions
	 */
	boolean recovered();

	/**
	 * Tells whether the socket is still connected to its namespace.
	 * @return whether the socket is connected
	 */
	boolean connected();

	/**
	 * Adds the socket to rooms.
	 * @param rooms the rooms
	 */
	void join(Collection<String> rooms);

	/**
	 * Returns an emitter for this socket whose acknowledgements time out after
	 * {@code timeout}.
	 * @param timeout the timeout
	 * @return the emitter
	 */
	@Override
	Emitter<Ack> timeout(Duration timeout);

	/**
	 * Returns an emitter for this socket whose packets are dropped when the client cannot
	 * take them right now ({@code socket.volatile} in the reference).
	 * @return the emitter
	 */
	@Override
	Emitter<Ack> asVolatile();

	/**
	 * Returns an emitter for this socket with a compression hint. Accepted for
	 * compatibility, but it has no effect: this server compresses nothing yet (no
	 * permessage-deflate, no HTTP compression).
	 * @param compress whether packets may be compressed
	 * @return the emitter
	 */
	@Override
	Emitter<Ack> compress(boolean compress);

	/**
	 * Sends an event and waits for the client's acknowledgement, with the server's
	 * default timeout. The event is sent on subscription.
	 * @param event the event name
	 * @param args the arguments
	 * @return the client's answer; empty at once when the socket is no longer connected
	 * (nothing is sent); an
	 * {@link io.github.socketiospringboot.broadcast.AckTimeoutException} when no answer
	 * came in time
	 */
	@Override
	Mono<Ack> emitWithAck(String event, Object... args);

	/**
	 * Targets every socket of the namespace but this one.
	 * @return the broadcast operator
	 */
	BroadcastOperator broadcast();

	/**
	 * Targets the members of rooms, except this socket.
	 * @param rooms the rooms
	 * @return the broadcast operator
	 */
	BroadcastOperator to(String... rooms);

	/**
	 * Same as {@link #to(String...)}.
	 * @param rooms the rooms
	 * @return the broadcast operator
	 */
	BroadcastOperator in(String... rooms);

	/**
	 * Targets every socket of the namespace but this one and the members of rooms.
	 * @param rooms the rooms left out
	 * @return the broadcast operator
	 */
	BroadcastOperator except(String... rooms);

	/**
	 * Targets every socket of the namespace connected to this server, but this one
	 * ({@code socket.local} in the reference): with a cluster adapter, the other servers'
	 * clients are not reached.
	 * @return the broadcast operator
	 */
	BroadcastOperator local();

	/**
	 * Registers a handler of an event.
	 * @param event the event name
	 * @param handler the handler
	 * @return this socket
	 */
	SocketIOSocket on(String event, EventHandler handler);

	/**
	 * Removes every handler of an event.
	 * @param event the event name
	 * @return this socket
	 */
	SocketIOSocket off(String event);

	/**
	 * Adds a listener of every incoming event, called before the event's handlers.
	 * @param listener the listener
	 * @return this socket
	 */
	SocketIOSocket onAny(AnyListener listener);

	/**
	 * Adds a listener of every incoming event, before the other such listeners.
	 * @param listener the listener
	 * @return this socket
	 */
	SocketIOSocket prependAny(AnyListener listener);

	/**
	 * Removes a listener added with {@link #onAny} or {@link #prependAny}.
	 * @param listener the listener
	 * @return this socket
	 */
	SocketIOSocket offAny(AnyListener listener);

	/**
	 * Removes every listener added with {@link #onAny} or {@link #prependAny}.
	 * @return this socket
	 */
	SocketIOSocket offAny();

	/**
	 * Adds a listener of every event sent to this socket, broadcasts included.
	 * @param listener the listener
	 * @return this socket
	 */
	SocketIOSocket onAnyOutgoing(AnyListener listener);

	/**
	 * Adds a listener of every outgoing event, before the other such listeners.
	 * @param listener the listener
	 * @return this socket
	 */
	SocketIOSocket prependAnyOutgoing(AnyListener listener);

	/**
	 * Removes a listener added with {@link #onAnyOutgoing} or
	 * {@link #prependAnyOutgoing}.
	 * @param listener the listener
	 * @return this socket
	 */
	SocketIOSocket offAnyOutgoing(AnyListener listener);

	/**
	 * Removes every outgoing listener.
	 * @return this socket
	 */
	SocketIOSocket offAnyOutgoing();

	/**
	 * Adds a middleware run for each incoming event.
	 * @param middleware the middleware
	 * @return this socket
	 */
	SocketIOSocket use(PacketMiddleware middleware);

	/**
	 * Adds a listener told when the socket is about to leave its namespace (its rooms are
	 * still readable).
	 * @param listener the listener
	 * @return this socket
	 */
	SocketIOSocket onDisconnecting(DisconnectListener listener);

	/**
	 * Adds a listener told when the socket has left its namespace.
	 * @param listener the listener
	 * @return this socket
	 */
	SocketIOSocket onDisconnect(DisconnectListener listener);

	/**
	 * Adds a listener of errors raised by packet middlewares.
	 * @param listener the listener
	 * @return this socket
	 */
	SocketIOSocket onError(Consumer<Throwable> listener);

	/**
	 * Disconnects the socket from its namespace; the connection stays open for other
	 * namespaces.
	 */
	default void disconnect() {
		disconnect(false);
	}

	/**
	 * Returns the rooms the socket is in, its own id among them.
	 * @return the rooms
	 */
	@Override
	Set<String> rooms();

}
