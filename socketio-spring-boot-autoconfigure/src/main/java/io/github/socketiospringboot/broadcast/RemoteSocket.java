package io.github.socketiospringboot.broadcast;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import reactor.core.publisher.Mono;

/**
 * A socket found by {@code fetchSockets()}, connected to this server or to another one of
 * the cluster: what is known of it, and what can be done to it from here. A socket of
 * this server is found as its {@link io.github.socketiospringboot.server.SocketIOSocket}.
 *
 * <pre class="code">
 * io.in("players").fetchSockets()
 *     .flatMapMany(Flux::fromIterable)
 *     .flatMap((player) -&gt; player.timeout(Duration.ofSeconds(5)).emitWithAck("ready?"))
 *     .collectList();              // the answers; a player gone meanwhile gives none
 * </pre>
 */
public interface RemoteSocket extends Emitter<Ack> {

	/**
	 * Returns the socket id.
	 * @return the id
	 */
	String id();

	/**
	 * Returns the socket's handshake.
	 * @return the handshake
	 */
	Handshake handshake();

	/**
	 * Returns the rooms the socket is in.
	 * @return the rooms
	 */
	Set<String> rooms();

	/**
	 * Returns the socket's data, shared by the application's handlers.
	 * @return the data
	 */
	Map<String, Object> data();

	/**
	 * Sends an event to the socket, wherever it is connected.
	 * @param event the event name
	 * @param args the arguments
	 */
	@Override
	void emit(String event, Object... args);

	/**
	 * Sends an event to the socket and waits for its acknowledgement, wherever it is
	 * connected ({@code socket.timeout(ms).emitWithAck(...)} on a reference
	 * {@code RemoteSocket}), with the server's default timeout unless
	 * {@link #timeout(Duration)} set one. The event is sent on subscription.
	 * @param event the event name
	 * @param args the arguments
	 * @return the client's answer; empty, without waiting for the timeout, when the
	 * socket is no longer connected (to any server); an {@link AckTimeoutException} when
	 * it did not answer in time, the socket having disconnected after the event was sent
	 * included
	 */
	@Override
	Mono<Ack> emitWithAck(String event, Object... args);

	/**
	 * Returns an emitter to this socket whose {@link #emitWithAck} waits for
	 * {@code timeout}.
	 * @param timeout how long to wait for the answer
	 * @return the emitter
	 */
	@Override
	Emitter<Ack> timeout(Duration timeout);

	/**
	 * Returns an emitter to this socket whose packets are dropped when the client cannot
	 * take them right now ({@code volatile} in the reference).
	 * @return the emitter
	 */
	@Override
	Emitter<Ack> asVolatile();

	/**
	 * Returns an emitter to this socket with a compression hint, which has no effect on
	 * this server (see {@link Emitter#compress(boolean)}).
	 * @param compress whether packets may be compressed
	 * @return the emitter
	 */
	@Override
	Emitter<Ack> compress(boolean compress);

	/**
	 * Adds the socket to rooms.
	 * @param rooms the rooms
	 */
	void join(String... rooms);

	/**
	 * Removes the socket from a room.
	 * @param room the room
	 */
	void leave(String room);

	/**
	 * Disconnects the socket from its namespace, and closes its connection if asked.
	 * @param close whether the underlying connection closes too
	 */
	void disconnect(boolean close);

}
