package io.github.socketiospringboot.server;

import java.util.Map;
import java.util.Set;

/**
 * A socket found by {@code fetchSockets()}, connected to this server or to another one of
 * the cluster: what is known of it, and what can be done to it from here.
 */
public interface RemoteSocket {

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
	 * Sends an event to the socket.
	 * @param event the event name
	 * @param args the arguments
	 */
	void emit(String event, Object... args);

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
