package io.github.socketiospringboot.broadcast;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

/**
 * An immutable description of which sockets of a namespace an operation reaches: rooms
 * (several are merged, each socket reached once), rooms left out, and the {@code local},
 * {@code volatile} and {@code compress} flags; with a timeout, {@link #emitWithAck}
 * collects one answer per socket.
 *
 * <pre class="code">
 * server.emit("hello", "world");                                  // io.emit
 * server.to("room1").to("room2").except("room3").emit("hello");   // several rooms, except
 * server.of("/admin").local().emit("hello");                      // this server only
 * server.compress(false).emit("hello");                          // accepted, no effect yet
 * server.to("room123").timeout(Duration.ofSeconds(5))
 *     .emitWithAck("hello", "world")                              // Mono&lt;List&lt;Ack&gt;&gt;
 *     .subscribe((acks) -&gt; { }, (error) -&gt; {
 *         List&lt;Ack&gt; partial = ((AckTimeoutException) error).received();
 *     });
 * </pre>
 *
 * <p>
 * The server, each namespace and the {@link BroadcastOperations} are operators too: they
 * target every socket of their namespace (the main one for the server), and each of their
 * methods is the one of {@link #operator()}, the operator they start from. The server
 * writes the one implementation of these methods; an implementation of this interface
 * outside the library only says where it starts.
 */
public interface BroadcastOperator extends Emitter<List<Ack>> {

	/**
	 * Returns the operator every method of this one starts from: itself for a refined
	 * operator, the one that targets every socket of the namespace for a namespace.
	 * @return the operator
	 */
	BroadcastOperator operator();

	/**
	 * Adds target rooms: the operation reaches the members of any of them.
	 * @param rooms the rooms
	 * @return a new operator
	 */
	default BroadcastOperator to(String... rooms) {
		return operator().to(rooms);
	}

	/**
	 * Same as {@link #to(String...)}.
	 * @param rooms the rooms
	 * @return a new operator
	 */
	default BroadcastOperator in(String... rooms) {
		return operator().in(rooms);
	}

	/**
	 * Leaves out the members of rooms (a socket's id is a room holding that socket).
	 * @param rooms the rooms
	 * @return a new operator
	 */
	default BroadcastOperator except(String... rooms) {
		return operator().except(rooms);
	}

	/**
	 * Reaches only the sockets connected to this server, whatever the adapter.
	 * @return a new operator
	 */
	default BroadcastOperator local() {
		return operator().local();
	}

	/**
	 * Makes the packets volatile: dropped for a client that cannot take them right now.
	 * @return a new operator
	 */
	@Override
	default BroadcastOperator asVolatile() {
		return operator().asVolatile();
	}

	/**
	 * Sets the compression hint. Accepted for compatibility with the reference API, but
	 * it has no effect: this server compresses nothing yet (no permessage-deflate, no
	 * HTTP compression). It is carried to the other servers of a cluster, where a Node
	 * server honours it.
	 * @param compress whether packets may be compressed
	 * @return a new operator
	 */
	@Override
	default BroadcastOperator compress(boolean compress) {
		return operator().compress(compress);
	}

	/**
	 * Sets how long {@link #emitWithAck} waits for the answers.
	 * @param timeout the timeout
	 * @return a new operator
	 */
	@Override
	default BroadcastOperator timeout(Duration timeout) {
		return operator().timeout(timeout);
	}

	/**
	 * Sends an event to the targeted sockets.
	 * @param event the event name
	 * @param args the arguments
	 */
	@Override
	default void emit(String event, Object... args) {
		operator().emit(event, args);
	}

	/**
	 * Sends an event to the targeted sockets and collects one answer from each, within
	 * the timeout set with {@link #timeout(Duration)} or else the server's default. When
	 * some sockets do not answer in time, the {@code Mono} fails with an
	 * {@link AckTimeoutException} carrying the answers received.
	 * @param event the event name
	 * @param args the arguments
	 * @return the answers
	 */
	@Override
	default Mono<List<Ack>> emitWithAck(String event, Object... args) {
		return operator().emitWithAck(event, args);
	}

	/**
	 * Finds the targeted sockets, on every server of the cluster.
	 * @return the sockets
	 */
	default Mono<List<RemoteSocket>> fetchSockets() {
		return operator().fetchSockets();
	}

	/**
	 * Makes the targeted sockets join rooms.
	 * @param rooms the rooms
	 */
	default void socketsJoin(String... rooms) {
		operator().socketsJoin(rooms);
	}

	/**
	 * Makes the targeted sockets leave rooms.
	 * @param rooms the rooms
	 */
	default void socketsLeave(String... rooms) {
		operator().socketsLeave(rooms);
	}

	/**
	 * Disconnects the targeted sockets.
	 * @param close whether their connections close too
	 */
	default void disconnectSockets(boolean close) {
		operator().disconnectSockets(close);
	}

}
