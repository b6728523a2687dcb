package io.github.socketiospringboot.adapter;

import java.util.Set;
import java.util.function.Consumer;

import io.github.socketiospringboot.engine.WriteExecutor;
import io.github.socketiospringboot.protocol.EncodedPacket;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A socket connected to this server, as its namespace's adapter drives it.
 */
public interface LocalSocket {

	/**
	 * Returns the socket id.
	 * @return the id
	 */
	String id();

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
	 * Writes a broadcast to the socket.
	 * @param message the message, whose encoding is shared with the other recipients
	 * @param flags the broadcast's flags; a volatile message is dropped when the
	 * connection cannot take it now
	 */
	void deliver(BroadcastMessage message, BroadcastFlags flags);

	/**
	 * Returns the executor on whose event loop deliveries to this socket cost least and
	 * stay in order with the socket's other packets.
	 * @return the executor, or {@code null} to deliver on the calling thread
	 */
	default @Nullable WriteExecutor deliveryExecutor() {
		return null;
	}

	/**
	 * Writes an already encoded packet to the socket.
	 * @param packet the packet
	 */
	void deliver(EncodedPacket packet);

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
