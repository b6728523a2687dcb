package io.github.socketiospringboot.broadcast;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Something events can be emitted to: one socket
 * ({@link io.github.socketiospringboot.server.SocketIOSocket}, {@link RemoteSocket}, the
 * emitters of {@code socket.timeout(...)}) or a set of sockets
 * ({@link BroadcastOperator}, {@link io.github.socketiospringboot.server.Namespace},
 * {@link io.github.socketiospringboot.server.SocketIOServer}, the
 * {@code BroadcastOperations} bean). Each modifier returns a new emitter with the same
 * targets; the emitter it is called on is left unchanged.
 *
 * <p>
 * The type parameter is what {@link #emitWithAck} answers with: {@link Ack} for one
 * socket (its answer), {@code List<Ack>} for a broadcast (one answer per socket). Code
 * that only sends takes an {@code Emitter<?>}, whatever it targets:
 *
 * <pre class="code">
 * Emitter&lt;?&gt; target = switch (request.scope()) {
 *     case "me" -&gt; socket;                       // this client
 *     case "room" -&gt; socket.to(request.room());  // the room, but not this client
 *     default -&gt; socket.broadcast();             // everyone but this client
 * };
 * target.timeout(Duration.ofSeconds(5)).emit("notice", request.text());
 * </pre>
 *
 * @param <R> what {@link #emitWithAck} answers with: {@link Ack} or {@code List<Ack>}
 */
public interface Emitter<R> {

	/**
	 * Sends an event to the targeted sockets.
	 * @param event the event name (not a reserved one such as {@code "connect"})
	 * @param args the arguments, converted by the server's JSON mapper ({@code byte[]}
	 * travels as a binary attachment)
	 */
	void emit(String event, Object... args);

	/**
	 * Sends an event and waits for the acknowledgements, with the timeout set by
	 * {@link #timeout(Duration)} or else the server's default
	 * ({@code socketio.ack-timeout}). The event is sent on subscription. What the
	 * {@code Mono} gives, and when it fails with an {@link AckTimeoutException}, is told
	 * by each implementation.
	 * @param event the event name
	 * @param args the arguments
	 * @return the answer of one socket, or the answers of a broadcast
	 */
	Mono<R> emitWithAck(String event, Object... args);

	/**
	 * Returns an emitter whose {@link #emitWithAck} waits for {@code timeout}.
	 * @param timeout how long to wait for the acknowledgements
	 * @return a new emitter
	 */
	Emitter<R> timeout(Duration timeout);

	/**
	 * Returns an emitter whose packets are dropped for a client that cannot take them
	 * right now ({@code volatile} in the reference server): its connection is congested
	 * (past {@code socketio.write-buffer.limit}) or its transport is not ready to write
	 * (long-polling with no request waiting).
	 * @return a new emitter
	 */
	Emitter<R> asVolatile();

	/**
	 * Returns an emitter with a compression hint. Accepted for compatibility with the
	 * reference API, but it has no effect: this server compresses nothing yet (no
	 * permessage-deflate, no HTTP compression), whatever the flag. A broadcast carries it
	 * to the other servers of a cluster, where a Node server honours it.
	 * @param compress whether packets may be compressed
	 * @return a new emitter
	 */
	Emitter<R> compress(boolean compress);

}
