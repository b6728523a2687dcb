package io.github.socketiospringboot.adapter;

import java.util.Set;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

/**
 * A socket connected to this server, as its namespace's adapter drives it. Broadcasts
 * reach it through {@link AdapterHost#deliver}.
 */
public interface LocalSocket {

	/**
	 * Returns the socket id.
	 * @return the id
	 */
	String id();

	/**
	 * Tells whether the socket is in its namespace: a socket being restored by connection
	 * state recovery is back in its rooms a moment before it is, and broadcasts with
	 * acknowledgements do not count it until then (it would not receive them).
	 * @return whether it is connected; {@code true} unless the socket says otherwise
	 */
	default boolean connected() {
		return true;
	}

	/**
	 * Describes the socket's handshake as the reference server's {@code fetchSockets()}
	 * answers carry it: {@code headers}, {@code time}, {@code address}, {@code xdomain},
	 * {@code secure}, {@code issued}, {@code url}, {@code query}, {@code auth}.
	 * @return the handshake as JSON
	 */
	JsonNode handshakeJson();

	/**
	 * Describes the socket's data as JSON, for {@code fetchSockets()} answers.
	 * @return the data as JSON
	 */
	JsonNode dataJson();

	/**
	 * Registers the callback of an acknowledgement this socket is expected to send.
	 * @param ackId the id the client will answer
	 * @param callback receives the client's arguments
	 */
	void expectAck(long ackId, Consumer<JsonNode> callback);

	/**
	 * Forgets an acknowledgement no longer awaited.
	 * @param ackId the id
	 */
	void cancelAck(long ackId);

	/**
	 * Adds the socket to rooms.
	 * @param rooms the rooms
	 */
	void join(Set<String> rooms);

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
